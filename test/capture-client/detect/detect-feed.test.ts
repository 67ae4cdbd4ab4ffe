import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SendResult } from '../../../common/capture/sender.js';
import type { QueueOutcome } from '../../../common/detect/detect-queue.js';
import type { DetectQueue } from '../../../common/detect/detect-queue.js';
import { DetectFeed } from '../../../capture-client/detect/detect-feed.js';
import type { DetectionsMeta } from '../../../shared/demand.js';
import { CamrelayError } from '../../../shared/errors.js';

const PERSON = { label: 'person' as const, score: 0.9, box: [1, 2, 3, 4] as [number, number, number, number] };
const frame = (n: number) => ({ jpeg: Buffer.from([n]), capturedAt: 1_700_000_000_000 + n, width: 640, height: 480 });

describe('DetectFeed', () => {
  let offered: Buffer[];
  let regionsOffered: Array<readonly (readonly number[])[] | undefined>;
  let answer: (jpeg: Uint8Array) => Promise<QueueOutcome>;
  let sent: Array<{ meta: DetectionsMeta; detections: unknown }>;
  let reply: SendResult;
  let said: string[];
  let feed: DetectFeed;

  beforeEach(() => {
    vi.useFakeTimers();
    offered = [];
    regionsOffered = [];
    sent = [];
    said = [];
    reply = { ok: true, seq: 0 };
    answer = () =>
      Promise.resolve({ kind: 'detected', cameraId: 'door', waitedMs: 0, detections: [PERSON], timings: { prepareMs: 0, inferMs: 0, decodeMs: 0 } });
    const queue = {
      offer: (_: string, jpeg: Uint8Array, regions?: readonly (readonly number[])[]) => {
        offered.push(Buffer.from(jpeg));
        regionsOffered.push(regions);
        return answer(jpeg);
      },
    } as unknown as DetectQueue;
    feed = new DetectFeed({
      cameraId: 'door',
      queue: () => Promise.resolve(queue),
      send: (meta, data) => {
        sent.push({ meta, detections: JSON.parse(new TextDecoder().decode(data)) });
        return Promise.resolve(reply);
      },
      onError: (err) => said.push(err.message),
    });
  });
  afterEach(() => {
    feed.stop();
    vi.useRealTimers();
  });

  it('looks at regions around where the relay says, scaled to its own frame, and says them with the verdict; none said, the whole frame (#57)', async () => {
    // The relay saw motion on its 320×240 picture of the camera; this frame is 640×480.
    feed.setWhere({ width: 320, height: 240, motion: [[20, 20, 10, 20]], objects: [] });
    feed.push(frame(1));
    feed.setRate(2);
    await vi.advanceTimersByTimeAsync(0);
    // [40, 40, 20, 40] on this frame: zoomed in on (a 260 px region), as small as it is.
    expect(regionsOffered[0]).toEqual([[0, 0, 260, 260]]);
    expect(sent[0]!.meta.looked).toEqual([[0, 0, 260, 260]]);
    expect(feed.counts.regions).toBe(1);
    feed.setWhere(null);
    feed.push(frame(2));
    await vi.advanceTimersByTimeAsync(500);
    expect(regionsOffered[1]).toBeUndefined();
    expect(sent[1]!.meta.looked).toBeUndefined();
  });

  it('detects nothing until the relay asks, however many frames come', async () => {
    for (let i = 0; i < 5; i++) feed.push(frame(i));
    await vi.advanceTimersByTimeAsync(5000);
    expect(offered).toEqual([]);
  });

  it('detects the newest frame at the rate asked, each verdict sent with its frame’s time and size and a rising seq', async () => {
    feed.push(frame(1));
    feed.push(frame(2));
    feed.setRate(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(offered).toEqual([Buffer.from([2])]);
    feed.push(frame(3));
    await vi.advanceTimersByTimeAsync(500);
    expect(offered).toEqual([Buffer.from([2]), Buffer.from([3])]);
    expect(sent).toEqual([
      { meta: { seq: 0, capturedAt: frame(2).capturedAt, width: 640, height: 480 }, detections: [PERSON] },
      { meta: { seq: 1, capturedAt: frame(3).capturedAt, width: 640, height: 480 }, detections: [PERSON] },
    ]);
  });

  it('does not detect the same frame twice when no newer one came', async () => {
    feed.push(frame(1));
    feed.setRate(5);
    await vi.advanceTimersByTimeAsync(2000);
    expect(offered).toHaveLength(1);
  });

  it('keeps one frame in the detector: a tick that finds it busy is counted, not queued', async () => {
    let finish: () => void = () => {};
    answer = () => new Promise((resolve) => (finish = () => resolve({ kind: 'skipped', cameraId: 'door' })));
    feed.setRate(5);
    for (let i = 0; i < 5; i++) {
      feed.push(frame(i));
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(offered).toHaveLength(1);
    expect(feed.counts.busy).toBeGreaterThanOrEqual(3);
    finish();
  });

  it('stops when the relay asks for none', async () => {
    feed.push(frame(1));
    feed.setRate(2);
    await vi.advanceTimersByTimeAsync(0);
    feed.setRate(null);
    for (let i = 2; i < 6; i++) {
      feed.push(frame(i));
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(offered).toHaveLength(1);
  });

  it('says a refusal by the relay once a minute, not once per verdict', async () => {
    reply = { ok: false, error: 'BAD_DETECTIONS', message: 'no' };
    feed.setRate(5);
    for (let i = 0; i < 10; i++) {
      feed.push(frame(i));
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(said).toEqual(['the relay refused detections: BAD_DETECTIONS: no']);
  });

  it('says a failed frame with its code, and sends nothing for it', async () => {
    answer = () => Promise.resolve({ kind: 'failed', cameraId: 'door', error: new CamrelayError('DETECT_BAD_IMAGE') });
    feed.push(frame(1));
    feed.setRate(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([]);
    expect(said[0]).toContain('DETECT_BAD_IMAGE');
  });
});
