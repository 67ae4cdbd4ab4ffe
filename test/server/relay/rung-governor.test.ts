import { describe, expect, it } from 'vitest';
import { RungGovernor } from '../../../server/relay/rung-governor.js';

/** Runs `seconds` of a 10 fps camera; the link takes `share` of its frames, each after `sendMs`. */
function run(g: RungGovernor, clock: { now: number }, seconds: number, share: number, sendMs: number, canStepDown = () => true): number {
  let changes = 0;
  let owed = 0;
  for (let i = 0; i < seconds * 10; i++) {
    clock.now += 100;
    owed += share;
    if (owed >= 1) {
      owed -= 1;
      g.frameTaken(sendMs);
    }
    g.frameOffered();
    if (g.tick(canStepDown())) changes++;
  }
  return changes;
}

/** A governor on a fake clock; `maxInFlight` 1 isolates the rung steps from the frames in flight. */
function governor(maxInFlight = 1) {
  const clock = { now: 0 };
  return { clock, g: new RungGovernor({ now: () => clock.now, maxInFlight }) };
}

describe('RungGovernor', () => {
  describe('#tick', () => {
    it("steps down a rung when the link carries under two thirds of the camera's frames, saying why", () => {
      const { g, clock } = governor();
      expect(run(g, clock, 2.1, 0.4, 250)).toBe(1);
      expect(g.steps).toBe(1);
      expect(g.reason).toMatch(/carried 4\.0 of 10\.0 fps/);
    });

    it('holds after a change, then steps again if the link is still too thin', () => {
      const { g, clock } = governor();
      run(g, clock, 2.1, 0.4, 250);
      expect(run(g, clock, 3, 0.4, 250)).toBe(0);
      expect(run(g, clock, 3, 0.4, 250)).toBe(1);
      expect(g.steps).toBe(2);
    });

    it('stays at the lowest rung', () => {
      const { g, clock } = governor();
      run(g, clock, 20, 0.2, 400, () => false);
      expect(g.steps).toBe(0);
    });

    it('keeps the rung when the link carries most frames', () => {
      const { g, clock } = governor();
      expect(run(g, clock, 20, 0.8, 60)).toBe(0);
      expect(g.steps).toBe(0);
    });

    it('steps back up when every frame gets through with time to spare, and not while sends are slow', () => {
      const { g, clock } = governor();
      run(g, clock, 2.1, 0.4, 250);
      expect(g.steps).toBe(1);
      expect(run(g, clock, 10, 1, 60)).toBe(0);
      expect(run(g, clock, 6, 1, 10)).toBe(1);
      expect(g.steps).toBe(0);
      expect(g.reason).toBe('the link has room for more');
    });

    it('allows more frames in flight first when a frame takes longer than the frame interval (a long round trip), saying why', () => {
      const { g, clock } = governor(3);
      expect(run(g, clock, 2.1, 0.3, 300)).toBe(1);
      expect([g.inFlight, g.steps]).toEqual([3, 0]);
      expect(g.reason).toBe('a round trip of 300 ms: 3 frames in flight');
    });

    it('steps the rung down after widening, when the link is still too thin', () => {
      const { g, clock } = governor(3);
      run(g, clock, 2.1, 0.3, 300);
      expect(run(g, clock, 6, 0.4, 300)).toBe(1);
      expect([g.inFlight, g.steps]).toEqual([3, 1]);
    });

    it('allows fewer frames in flight again once the round trip is short, as a change the slot must follow', () => {
      const { g, clock } = governor(3);
      run(g, clock, 2.1, 0.3, 300);
      expect(run(g, clock, 6, 1, 40)).toBe(1);
      expect(g.inFlight).toBe(1);
      expect(g.reason).toBe('a round trip of 40 ms: 1 frame in flight');
    });

    it('does not flap between two rungs on a link at the edge', () => {
      const { g, clock } = governor();
      run(g, clock, 2.1, 0.4, 250);
      // At the lower rung the link carries 70 %: not enough to go up again, enough to stay.
      expect(run(g, clock, 30, 0.7, 90)).toBe(0);
      expect(g.steps).toBe(1);
    });
  });
});
