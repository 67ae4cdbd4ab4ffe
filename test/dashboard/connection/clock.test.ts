import { describe, expect, it } from 'vitest';
import type { ServerTime } from '../../../shared/protocol.js';
import { ServerClock, type TimeChannel } from '../../../dashboard/src/connection/clock.js';

function channel() {
  const acks: Array<(t: ServerTime) => void> = [];
  const fake: TimeChannel = { emit: (_event, ack) => acks.push(ack) };
  return { fake, acks };
}

describe('ServerClock', () => {
  it('uses the local clock, unsynced, before any answer', () => {
    const clock = new ServerClock({ localNow: () => 1_000 });
    expect(clock.synced).toBe(false);
    expect(clock.now()).toBe(1_000);
  });

  it('puts now on the server clock from a round trip and learns the version', () => {
    let local = 1_000;
    const clock = new ServerClock({ localNow: () => local });
    const { fake, acks } = channel();
    clock.measure(fake);
    local = 1_020;
    acks[0]!({ now: 5_010, version: '0.1.0' });
    expect(clock.synced).toBe(true);
    expect(clock.now()).toBe(1_020 + 4_000);
    expect(clock.version).toBe('0.1.0');
  });

  it('ignores an answer to a request sent before #reset', () => {
    const clock = new ServerClock({ localNow: () => 1_000 });
    const { fake, acks } = channel();
    clock.measure(fake);
    clock.reset();
    acks[0]!({ now: 9_000, version: '0.1.0' });
    expect(clock.synced).toBe(false);
  });

  it('exposes the best recent round trip and its offset', () => {
    let local = 1_000;
    const clock = new ServerClock({ localNow: () => local });
    expect(clock.rtt).toBeNull();
    expect(clock.offset).toBeNull();
    const { fake, acks } = channel();
    clock.measure(fake);
    local = 1_030;
    acks[0]!({ now: 5_015, version: '0.1.0' });
    clock.measure(fake);
    local = 1_034;
    acks[1]!({ now: 5_020, version: '0.1.0' });
    expect(clock.rtt).toBe(4);
    expect(clock.offset).toBe(5_020 - 1_032);
  });
});
