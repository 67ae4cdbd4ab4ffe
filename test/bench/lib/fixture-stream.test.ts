import { describe, expect, it } from 'vitest';
import type { AccessUnit } from '../../../capture-client/edge/annexb-splitter.js';
import { FixtureStream } from '../../../bench/lib/fixture-stream.js';
import type { SendResult } from '../../../common/capture/send-result.js';
import type { H264FrameMeta } from '../../../shared/demand.js';

/** A fixture of one GOP of 5 units: unit 0 is its IDR. */
const UNITS: AccessUnit[] = Array.from({ length: 5 }, (_, i) => ({ data: Buffer.from([i]), keyframe: i === 0 }));

/** A stream whose sends are acked at once, recording what went: the fixture unit (its first byte) and the meta. */
function setup(backlogMax = 60) {
  const sent: Array<{ meta: H264FrameMeta; unit: number }> = [];
  const send = (meta: H264FrameMeta, au: Uint8Array): Promise<SendResult> => {
    sent.push({ meta, unit: au[0]! });
    return Promise.resolve({ ok: true, seq: meta.seq });
  };
  return { sent, stream: new FixtureStream(UNITS, { width: 960, height: 540 }, send, backlogMax) };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('FixtureStream', () => {
  it('sends nothing until demanded, then from the fixture’s IDR, at its size, with a seq that rises by one', async () => {
    const { sent, stream } = setup();
    stream.frame(1);
    stream.setWanted(true);
    for (let t = 2; t <= 8; t++) {
      stream.frame(t);
      await flush();
    }
    expect(sent.map((s) => s.unit)).toEqual([0, 1, 2, 3, 4, 0, 1]);
    expect(sent.map((s) => s.meta.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(sent.every((s) => s.meta.width === 960 && s.meta.height === 540 && s.meta.keyframe === (s.unit === 0))).toBe(true);
  });

  it('jumps to the IDR at a keyframe request, its seq still rising', async () => {
    const { sent, stream } = setup();
    stream.setWanted(true);
    for (let t = 0; t < 3; t++) stream.frame(t);
    stream.keyframe();
    stream.frame(3);
    stream.frame(4);
    await flush();
    expect(sent.map((s) => s.unit)).toEqual([0, 1, 2, 0, 1]);
    expect(sent.map((s) => s.meta.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(stream.counts.keyframes).toBe(1);
  });

  it('starts again at the IDR when demanded anew, without going back on its seq', async () => {
    const { sent, stream } = setup();
    stream.setWanted(true);
    stream.frame(0);
    stream.frame(1);
    stream.setWanted(false);
    stream.frame(2);
    stream.setWanted(true);
    stream.frame(3);
    await flush();
    expect(sent.map((s) => [s.unit, s.meta.seq])).toEqual([
      [0, 0],
      [1, 1],
      [0, 2],
    ]);
  });

  it('drops its backlog when full and goes on from the next IDR, as the uplink buffer does', async () => {
    const sent: number[] = [];
    // Never acked: four go out, the rest wait.
    const stream = new FixtureStream(UNITS, { width: 960, height: 540 }, (_m, au) => (sent.push(au[0]!), new Promise<SendResult>(() => {})), 3);
    stream.setWanted(true);
    for (let t = 0; t < 12; t++) stream.frame(t);
    await flush();
    expect(sent).toEqual([0, 1, 2, 3]);
    expect(stream.counts.dropped).toBeGreaterThan(0);
  });

  it('keeps as many units out unacked as its link allows, as the capture client’s feed does', async () => {
    const sent: number[] = [];
    let allowed = 32;
    // Never acked: what the link allows goes out, the rest wait in the backlog.
    const never = (_m: H264FrameMeta, au: Uint8Array) => (sent.push(au[0]!), new Promise<SendResult>(() => {}));
    const stream = new FixtureStream(UNITS, { width: 960, height: 540 }, never, 60, () => allowed);
    stream.setWanted(true);
    for (let t = 0; t < 12; t++) stream.frame(t);
    await flush();
    expect(sent).toHaveLength(12);
    allowed = 4;
    stream.frame(12);
    await flush();
    expect(sent).toHaveLength(12);
  });
});
