/** One test event per rule every 2 s. */
import { describe, expect, it } from 'vitest';
import { TestGate } from '../../../server/http/test-gate.js';

describe('TestGate', () => {
  it('lets one test per key through every 2 s, and says how long to wait', () => {
    let now = 1000;
    const gate = new TestGate(2000, () => now);
    expect(gate.take('webhook:a')).toBe(0);
    expect(gate.take('mqtt')).toBe(0);
    now += 500;
    expect(gate.take('webhook:a')).toBe(1500);
    now += 1500;
    expect(gate.take('webhook:a')).toBe(0);
  });
});
