/** The camera side's H.264 feed with the real encoder (the bundled ffmpeg, libx264) and a fake connection that acks as told. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SendResult } from '../../common/capture/sender.js';
import { EdgeH264 } from '../../capture-client/edge/edge-h264.js';
import { RtspCopy } from '../../capture-client/edge/rtsp-copy.js';
import { H264Feed, type H264Port } from '../../capture-client/h264-feed.js';
import type { H264FrameMeta } from '../../shared/demand.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../helpers/rtsp-camera.js';
import { waitFor } from '../helpers/wait.js';

/** A connection that records each send and answers it with `answer` (ok by default). */
class FakePort implements H264Port {
  up = true;
  readonly sent: H264FrameMeta[] = [];
  answer: (meta: H264FrameMeta, nth: number) => SendResult = (meta) => ({ ok: true, seq: meta.seq });
  private listener: (up: boolean) => void = () => {};

  send(meta: H264FrameMeta): Promise<SendResult> {
    this.sent.push(meta);
    return Promise.resolve(this.answer(meta, this.sent.filter((m) => m.seq === meta.seq).length));
  }
  ready(): boolean {
    return this.up;
  }
  onConnection(listener: (up: boolean) => void): () => void {
    this.listener = listener;
    return () => {};
  }
  connection(up: boolean): void {
    this.up = up;
    this.listener(up);
  }
  seqs(): number[] {
    return this.sent.map((m) => m.seq);
  }
}

const LIBX264 = { encoder: 'libx264', hardware: false, failed: [] };
let jpegs: Buffer[];
const feeds: H264Feed[] = [];

beforeAll(async () => {
  jpegs = await Promise.all(Array.from({ length: 8 }, (_, i) => makeJpeg(64, 48, i)));
});
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((f) => f.stop()));
});

function feed(port: FakePort, holdMs?: number): { feed: H264Feed; edge: EdgeH264 } {
  const edge = new EdgeH264({ pick: LIBX264 });
  const f = new H264Feed(edge, port, { fps: 10, ...(holdMs === undefined ? {} : { holdMs }) });
  feeds.push(f);
  return { feed: f, edge };
}

/** Pushes frames 10 fps apart in capture time until `until` holds (the first frames only start the encoder). */
async function pushUntil(f: H264Feed, until: () => boolean, what: string): Promise<void> {
  let i = 0;
  await waitFor(() => {
    f.push({ jpeg: jpegs[i % jpegs.length]!, capturedAt: 1_700_000_000_000 + i * 100 });
    i++;
    return until();
  }, what);
}

describe('H264Feed', () => {
  it('starts the encoder when wanted and sends each access unit once, in seq order from a keyframe, emptying the buffer as acks come', async () => {
    const port = new FakePort();
    const { feed: f, edge } = feed(port);
    f.push({ jpeg: jpegs[0]!, capturedAt: 1 });
    expect(edge.running).toBe(false);
    f.setWanted(true);
    await pushUntil(f, () => port.sent.length >= 12, 'twelve units sent');
    expect(port.sent[0]!.keyframe).toBe(true);
    expect([port.sent[0]!.width, port.sent[0]!.height]).toEqual([64, 48]);
    const seqs = port.seqs();
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    await waitFor(() => f.uplink.length === 0, 'every unit acked');
    expect(f.note()).toMatch(/^H\.264: libx264 .*uplink/);
  });

  it('sends again every unit not acked, oldest first, when an ack is lost', async () => {
    const port = new FakePort();
    // The third unit's first ack never comes: the sender's timeout says TIMEOUT.
    port.answer = (meta, nth) =>
      meta.seq === port.sent[2]?.seq && nth === 1 ? { ok: false, error: 'TIMEOUT', message: 'no ack' } : { ok: true, seq: meta.seq };
    const { feed: f } = feed(port);
    f.setWanted(true);
    await pushUntil(f, () => port.sent.length >= 12, 'twelve sends');
    const lost = port.sent[2]!.seq;
    expect(port.seqs().filter((s) => s === lost)).toHaveLength(2);
    await waitFor(() => f.uplink.length === 0, 'every unit acked');
  });

  it('holds units while the connection is down and sends them on reconnect', async () => {
    const port = new FakePort();
    const { feed: f } = feed(port);
    f.setWanted(true);
    await pushUntil(f, () => port.sent.length >= 2, 'two units sent');
    port.connection(false);
    // The demand drops with the connection: the encoder keeps going into the buffer for holdMs.
    f.setWanted(false);
    const before = port.sent.length;
    await pushUntil(f, () => f.uplink.length >= 3, 'three units held');
    expect(port.sent.length).toBe(before);
    port.connection(true);
    await waitFor(() => f.uplink.length === 0, 'the held units sent and acked');
    const seqs = [...new Set(port.seqs())].sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  });

  it('stops the encoder and empties the buffer when no longer wanted', async () => {
    const port = new FakePort();
    port.answer = () => ({ ok: false, error: 'NETWORK', message: 'not connected' });
    const { feed: f, edge } = feed(port);
    f.setWanted(true);
    await pushUntil(f, () => f.uplink.length >= 2, 'two units held');
    f.setWanted(false);
    await waitFor(() => !edge.running && f.uplink.length === 0, 'the encoder stopped');
    expect(f.note()).toBeNull();
  });

  it('stops the encoder once the connection has been down for holdMs', async () => {
    const port = new FakePort();
    const { feed: f, edge } = feed(port, 200);
    f.setWanted(true);
    await pushUntil(f, () => edge.running, 'the encoder running');
    port.connection(false);
    await waitFor(() => !edge.running, 'the encoder stopped');
  });
});

describe.runIf(rtspCameraAvailable())('H264Feed with an IP camera copied (RtspCopy)', () => {
  let camera: RtspCamera;
  beforeAll(async () => {
    camera = await startRtspCamera({ fps: 15, gop: 15 });
  });
  afterAll(async () => {
    await camera?.stop();
  });

  it('starts on the demand alone, with no frame pushed, sends from a keyframe at the stream size, and ends ffmpeg when the demand stops', async () => {
    const port = new FakePort();
    const copy = new RtspCopy({ url: camera.url('main') });
    const f = new H264Feed(copy, port, { fps: 15 });
    feeds.push(f);
    f.setWanted(true);
    await waitFor(() => port.sent.length >= 20, 'twenty units sent', 15_000);
    expect(port.sent[0]).toMatchObject({ keyframe: true, width: 1280, height: 720 });
    expect(f.note()).toMatch(/^H\.264: copy \(camera\), uplink /);
    const pid = copy.pid!;
    f.setWanted(false);
    await waitFor(() => !f.running, 'the copy stopped', 2000);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('runs again when the demand comes back while its stop is still under way', async () => {
    const port = new FakePort();
    const copy = new RtspCopy({ url: camera.url('main') });
    const f = new H264Feed(copy, port, { fps: 15 });
    feeds.push(f);
    f.setWanted(true);
    await waitFor(() => copy.pid !== undefined, 'ffmpeg running', 15_000);
    f.setWanted(false);
    f.setWanted(true);
    const sent = port.sent.length;
    await waitFor(() => port.sent.length >= sent + 20, 'units after the demand came back', 15_000);
    expect(copy.running).toBe(true);
  });
});
