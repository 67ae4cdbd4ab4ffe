import { describe, expect, it } from 'vitest';
import { H264StepDown, STEP_HOLD_MS, STEP_UP_QUIET_MS } from '../../../server/relay/h264-step-down.js';
import { RungGovernor } from '../../../server/relay/rung-governor.js';
import type { StepDown } from '../../../server/relay/step-down.js';

/** A step-down on a fake clock. */
interface Rig {
  step: StepDown;
  clock: { now: number };
}

const policies: Array<[string, () => Rig]> = [
  [
    'JPEG rung governor',
    () => {
      const clock = { now: 0 };
      return { clock, step: new RungGovernor({ now: () => clock.now }) };
    },
  ],
  [
    'H.264 step-down',
    () => {
      const clock = { now: 0 };
      return { clock, step: new H264StepDown(() => clock.now).of('yard') };
    },
  ],
];

/**
 * Runs `seconds` of a 10 fps camera through what the viewer's lane saw: a good link takes every unit in 5 ms; a bad
 * one takes none, and its lane skips each time. Returns the clock times at which the step-down changed.
 */
function run(rig: Rig, seconds: number, good: boolean, canStepDown = true): number[] {
  const changes: number[] = [];
  for (let i = 0; i < seconds * 10; i++) {
    rig.clock.now += 100;
    rig.step.frameOffered();
    if (good) rig.step.frameTaken(5);
    else rig.step.skipped();
    if (rig.step.tick(canStepDown)) changes.push(rig.clock.now);
  }
  return changes;
}

describe.each(policies)('StepDown contract: %s', (_name, make) => {
  it('never moves a viewer whose link takes everything', () => {
    const rig = make();
    expect(run(rig, 120, true)).toEqual([]);
    expect(rig.step.steps).toBe(0);
  });

  it('steps a viewer whose link falls behind one rung down, saying why', () => {
    const rig = make();
    const changes = run(rig, 3, false);
    expect(changes).toHaveLength(1);
    expect(rig.step.steps).toBe(1);
    expect(rig.step.reason).not.toBe('');
    expect(rig.step.inFlight).toBeGreaterThanOrEqual(1);
  });

  it('never steps below the lowest rung', () => {
    const rig = make();
    expect(run(rig, 60, false, false)).toEqual([]);
    expect(rig.step.steps).toBe(0);
  });

  it(`holds after a change: the next comes no sooner than ${STEP_HOLD_MS} ms after it`, () => {
    const rig = make();
    const changes = run(rig, 30, false);
    expect(changes.length).toBeGreaterThan(1);
    for (let i = 1; i < changes.length; i++) expect(changes[i]! - changes[i - 1]!).toBeGreaterThanOrEqual(STEP_HOLD_MS);
  });

  it('steps a viewer back up once its link has room again', () => {
    const rig = make();
    run(rig, 3, false);
    expect(rig.step.steps).toBe(1);
    run(rig, (2 * STEP_UP_QUIET_MS) / 1000, true);
    expect(rig.step.steps).toBe(0);
  });
});

describe('StepDown policy: JPEG rung governor', () => {
  it('reads a skip as a frame the link did not take: skips alone, with every frame taken, move nothing', () => {
    const clock = { now: 0 };
    const step: StepDown = new RungGovernor({ now: () => clock.now });
    for (let i = 0; i < 300; i++) {
      clock.now += 100;
      step.frameOffered();
      step.frameTaken(5);
      step.skipped();
      expect(step.tick(true)).toBe(false);
    }
  });
});

describe('StepDown policy: H.264 step-down', () => {
  it('hears only skips: frames offered and never taken move nothing, since its units are acked a window at a time', () => {
    const clock = { now: 0 };
    const step: StepDown = new H264StepDown(() => clock.now).of('yard');
    for (let i = 0; i < 300; i++) {
      clock.now += 100;
      step.frameOffered();
      expect(step.tick(true)).toBe(false);
    }
    expect(step.steps).toBe(0);
  });

  it('counts its quiet from the last skip: a link that skips now and then stays down', () => {
    const clock = { now: 0 };
    const step: StepDown = new H264StepDown(() => clock.now).of('yard');
    step.skipped();
    step.tick(true);
    clock.now += 100;
    step.skipped();
    expect(step.tick(true)).toBe(true);
    for (let i = 1; i <= 10 * 5 * (STEP_UP_QUIET_MS / 1000); i++) {
      clock.now += 100;
      // One skip every 20 s: too rare to step down again, often enough that it never stays quiet long enough.
      if (i % 200 === 0) step.skipped();
      step.tick(true);
    }
    expect(step.steps).toBe(1);
  });

  it('is the one the keyed step-down reports for its camera, until a reset replaces it', () => {
    const clock = { now: 0 };
    const keyed = new H264StepDown(() => clock.now);
    const step = keyed.of('yard');
    step.skipped();
    step.tick(true);
    clock.now += 100;
    step.skipped();
    expect(step.tick(true)).toBe(true);
    expect(keyed.steps('yard')).toBe(1);
    expect(keyed.of('yard')).toBe(step);
    keyed.reset('yard');
    expect(keyed.steps('yard')).toBe(0);
    expect(keyed.of('yard')).not.toBe(step);
  });
});
