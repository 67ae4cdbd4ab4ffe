/** The detection service's bookkeeping of looks per camera (fake clock): why a turn was skipped, and all cameras' last minute. */
import { describe, expect, it } from 'vitest';
import type { QueueOutcome } from '../../../common/detect/detect-queue.js';
import { CapacityLooks } from '../../../server/detection/capacity-looks.js';

const detected = (cameraId: string, ms: number, regions?: number): QueueOutcome => ({
  kind: 'detected',
  cameraId,
  waitedMs: 0,
  detections: [],
  timings: { prepareMs: ms / 2, inferMs: ms / 2, decodeMs: 0, ...(regions ? { regions } : {}) },
});

function looksAt() {
  const clock = { now: 5_000_000 };
  return { clock, looks: new CapacityLooks(() => clock.now) };
}

describe('CapacityLooks', () => {
  it('says a skipped turn is the camera’s own slow look while no more looks are out than workers', () => {
    const { clock, looks } = looksAt();
    looks.start('door');
    looks.offered('door');
    looks.turnSkipped('door', 1);
    clock.now += 1000;
    looks.settled('door', detected('door', 800));
    expect(looks.of('door')).toMatchObject({ looksPerS: 1, skippedPerS: { slow_look: 1, workers_busy: 0 }, msPerLook: 800, regionsPerLook: 1 });
  });

  it('says the workers were busy when more cameras have a look out than there are workers', () => {
    const { clock, looks } = looksAt();
    for (const camera of ['door', 'yard']) {
      looks.start(camera);
      looks.offered(camera);
    }
    looks.turnSkipped('yard', 1);
    // A frame replaced in the queue waited for the workers too.
    looks.settled('door', { kind: 'skipped', cameraId: 'door' });
    clock.now += 1000;
    expect(looks.of('yard')?.skippedPerS).toEqual({ slow_look: 0, workers_busy: 1 });
    expect(looks.of('door')?.skippedPerS).toEqual({ slow_look: 0, workers_busy: 1 });
  });

  it('counts a capture side’s verdicts as looks, and nothing for a camera that stopped', () => {
    const { clock, looks } = looksAt();
    looks.start('door');
    looks.verdict('door');
    clock.now += 1000;
    expect(looks.of('door')).toMatchObject({ looksPerS: 1, msPerLook: null });
    looks.stop('door');
    expect(looks.of('door')).toBeNull();
  });

  it('adds up all cameras’ skips and weighs their look times by their looks', () => {
    const { clock, looks } = looksAt();
    looks.start('door');
    looks.start('yard');
    for (let i = 0; i < 3; i++) looks.settled('door', detected('door', 100, 2));
    looks.settled('yard', detected('yard', 300));
    looks.turnSkipped('yard', 1);
    clock.now += 1000;
    expect(looks.recent()).toEqual({ skippedPerS: 1, msPerLook: 150 });
  });
});
