import { afterEach, describe, expect, it } from 'vitest';
import { Relay } from '../../../server/relay/relay.js';
import type { Resize } from '../../../server/relay/renditions.js';
import type { Frame } from '../../../server/relay/frame.js';
import { makeJpeg } from '../../helpers/jpeg.js';

let relay: Relay | undefined;
afterEach(() => relay?.close());

/** A relay whose resizer answers at once with a JPEG-shaped stand-in, and counts its calls per rung. */
function relayCountingResizes() {
  const resizes = new Map<number, number>();
  const resize: Resize = async (_jpeg, width) => {
    resizes.set(width, (resizes.get(width) ?? 0) + 1);
    return { jpeg: Buffer.from(`w${width}`), width, height: Math.round((width * 3) / 4) };
  };
  relay = new Relay({ maxFrameBytes: 1 << 20, maxDimension: 4096, offlineAfterMs: 5000, stallAfterMs: 2000, resize });
  return { relay, resizes };
}

/** A viewer that takes every frame at once and records the widths it got. */
function viewer(r: Relay, widths?: Record<string, number>) {
  const got: Frame[] = [];
  const v = r.addViewer({ write: (frame, done) => (got.push(frame), done()) });
  v.subscribe('*', widths);
  return { v, got };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('FanOut (through the Relay)', () => {
  it('sends native frames to a viewer that asks for no width, and makes no rendition', async () => {
    const { relay, resizes } = relayCountingResizes();
    const { got } = viewer(relay);
    relay.ingest('cam', { seq: 0, capturedAt: 0 }, await makeJpeg(1280, 720), 'websocket');
    await settle();
    expect(got.map((f) => f.meta.width)).toEqual([1280]);
    expect(resizes.size).toBe(0);
  });

  it('sends each viewer the rung for the width it asked, native above the ladder or the camera', async () => {
    const { relay } = relayCountingResizes();
    const small = viewer(relay, { cam: 300 });
    const tile = viewer(relay, { cam: 700 });
    const wide = viewer(relay, { cam: 1600 });
    relay.ingest('cam', { seq: 0, capturedAt: 0 }, await makeJpeg(1280, 720), 'websocket');
    await settle();
    expect(small.got.map((f) => f.meta.width)).toEqual([320]);
    expect(tile.got.map((f) => f.meta.width)).toEqual([960]);
    expect(wide.got.map((f) => f.meta.width)).toEqual([1280]);
  });

  it('resizes each frame once per rung, whatever the number of viewers on it', async () => {
    const { relay, resizes } = relayCountingResizes();
    const viewers = [...Array(100)].map(() => viewer(relay, { cam: 640 }));
    const jpeg = await makeJpeg(1280, 720);
    for (let seq = 0; seq < 3; seq++) {
      relay.ingest('cam', { seq, capturedAt: seq }, jpeg, 'websocket');
      await settle();
    }
    expect(resizes.get(640)).toBe(3);
    expect(viewers.every((v) => v.got.length === 3 && v.got.every((f) => f.meta.width === 640))).toBe(true);
  });

  it('stops resizing for a rung once its last viewer leaves or asks for another width', async () => {
    const { relay, resizes } = relayCountingResizes();
    const jpeg = await makeJpeg(1280, 720);
    const a = viewer(relay, { cam: 320 });
    relay.ingest('cam', { seq: 0, capturedAt: 0 }, jpeg, 'websocket');
    await settle();
    a.v.subscribe('*', { cam: 640 });
    relay.ingest('cam', { seq: 1, capturedAt: 1 }, jpeg, 'websocket');
    await settle();
    a.v.close();
    relay.ingest('cam', { seq: 2, capturedAt: 2 }, jpeg, 'websocket');
    await settle();
    expect(Object.fromEntries(resizes)).toEqual({ 320: 1, 640: 1 });
  });

  it('gives a viewer that subscribes the newest frame at its rung at once', async () => {
    const { relay } = relayCountingResizes();
    relay.ingest('cam', { seq: 0, capturedAt: 0 }, await makeJpeg(1280, 720), 'websocket');
    const { v, got } = viewer(relay, { cam: 320 });
    v.offerLatest();
    await settle();
    expect(got.map((f) => [f.seq, f.meta.width])).toEqual([[0, 320]]);
  });
});
