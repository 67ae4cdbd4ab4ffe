import { describe, expect, it } from 'vitest';
import { formatProbe, probeTitle } from '../../../dashboard/src/diagnostics/probe.js';

describe('formatProbe', () => {
  it('prints each phase as the panel shows it', () => {
    expect(formatProbe({ phase: 'idle' })).toBe('not tested');
    expect(formatProbe({ phase: 'testing' })).toBe('testing…');
    expect(formatProbe({ phase: 'ok', rttMs: 11.6, connectMs: 40 })).toBe('ok 12 ms');
    expect(formatProbe({ phase: 'failed', reason: 'xhr poll error' })).toBe('failed: xhr poll error');
  });
});

describe('probeTitle', () => {
  it('explains an ok figure and is empty otherwise', () => {
    expect(probeTitle({ phase: 'ok', rttMs: 12, connectMs: 40 })).toMatch(/Connected in 40 ms.*12 ms/);
    expect(probeTitle({ phase: 'testing' })).toBe('');
  });
});
