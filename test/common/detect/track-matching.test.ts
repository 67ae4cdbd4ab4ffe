/** Which detection continues which object: costs from predicted and last-seen boxes, cheapest first. */
import { describe, expect, it } from 'vitest';
import { matchByCost, matchCost, type MatchTrack } from '../../../common/detect/track-matching.js';

type Box = [number, number, number, number];
const options = { minIou: 0.2, maxDistance: 0.8 };
const track = (predicted: Box, last: Box = predicted, kind = 'person'): MatchTrack => ({ kind, predicted, last, size: (predicted[2] + predicted[3]) / 2 });

describe('matchCost', () => {
  it('is zero for the predicted box itself', () => {
    expect(matchCost(track([100, 100, 50, 120]), { kind: 'person', box: [100, 100, 50, 120] }, options)).toBe(0);
  });

  it('refuses another kind, a box 4 times the size, and one far from both boxes', () => {
    const t = track([100, 100, 50, 120]);
    expect(matchCost(t, { kind: 'vehicle', box: [100, 100, 50, 120] }, options)).toBeNull();
    expect(matchCost(t, { kind: 'person', box: [100, 100, 110, 240] }, options)).toBeNull();
    expect(matchCost(t, { kind: 'person', box: [300, 100, 50, 120] }, options)).toBeNull();
  });

  it('takes a box near where it was last seen at 0.5 more when the prediction overshot', () => {
    const t = track([300, 100, 50, 120], [100, 100, 50, 120]);
    expect(matchCost(t, { kind: 'person', box: [100, 100, 50, 120] }, options)).toBe(0.5);
  });

  it('matches without overlap when centres are within 0.8 of a size', () => {
    expect(matchCost(track([100, 100, 50, 120]), { kind: 'person', box: [160, 100, 50, 120] }, options)).not.toBeNull();
  });
});

describe('matchByCost', () => {
  it('pairs each track with its cheapest detection, each used once', () => {
    const tracks = [track([100, 100, 50, 120]), track([200, 100, 50, 120])];
    const pairs = matchByCost(
      tracks,
      [
        { kind: 'person', box: [205, 100, 50, 120] },
        { kind: 'person', box: [95, 100, 50, 120] },
      ],
      options,
    );
    expect([pairs.get(0), pairs.get(1)]).toEqual([1, 0]);
  });

  it('gives two crossing people their own ids: the prediction beats where each was last seen', () => {
    // A at 240 going right, B at 260 going left, 20 px a look: now A is at 260 and B at 240.
    const a = track([260, 100, 50, 120], [240, 100, 50, 120]);
    const b = track([240, 100, 50, 120], [260, 100, 50, 120]);
    const pairs = matchByCost(
      [a, b],
      [
        { kind: 'person', box: [240, 100, 50, 120] },
        { kind: 'person', box: [260, 100, 50, 120] },
      ],
      options,
    );
    expect(pairs.get(0)).toBe(1);
    expect(pairs.get(1)).toBe(0);
  });
});
