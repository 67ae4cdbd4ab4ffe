import { describe, expect, it } from 'vitest';
import { HOLD_MS, holdsCamera } from '../../../server/relay/publisher-hold.js';

describe('holdsCamera', () => {
  const now = 1_000_000;
  const live = { session: 'pc', lastFrameAt: now - 200 };

  it('keeps a live camera from another run', () => {
    expect(holdsCamera(live, 'relay', now)).toBe(true);
    expect(holdsCamera(live, undefined, now)).toBe(true);
  });

  it('lets the same run take its own camera back (its old connection is a half-dead one)', () => {
    expect(holdsCamera(live, 'pc', now)).toBe(false);
  });

  it('lets go of a camera that sent nothing for HOLD_MS, or has no connection', () => {
    expect(holdsCamera({ session: 'pc', lastFrameAt: now - HOLD_MS - 1 }, 'relay', now)).toBe(false);
    expect(holdsCamera({ session: 'pc', lastFrameAt: null }, 'relay', now)).toBe(false);
    expect(holdsCamera(undefined, 'relay', now)).toBe(false);
  });
});
