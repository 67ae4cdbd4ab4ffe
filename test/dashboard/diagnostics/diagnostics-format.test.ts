import { describe, expect, it } from 'vitest';
import { formatClockOffset, formatFrameAge, formatProbe, formatRtt, probeTitle } from '../../../dashboard/src/diagnostics/diagnostics-format.js';

describe('formatRtt', () => {
  it('rounds to whole ms', () => {
    expect(formatRtt(4.4)).toBe('4 ms');
  });

  it('says <1 ms rather than 0 ms', () => {
    expect(formatRtt(0.3)).toBe('<1 ms');
  });

  it('shows a dash before the first answer', () => {
    expect(formatRtt(null)).toBe('—');
  });
});

describe('formatClockOffset', () => {
  it('calls a positive offset (server ahead) the browser being behind', () => {
    expect(formatClockOffset(3.2, 4).text).toBe('+3 ms (browser behind server)');
  });

  it('calls a negative offset the browser being ahead', () => {
    expect(formatClockOffset(-1_500, 4).text).toBe('−1500 ms (browser ahead of server)');
  });

  it('switches to seconds for large offsets', () => {
    expect(formatClockOffset(-125_400, 4).text).toBe('−125.4 s (browser ahead of server)');
  });

  it('says in sync when the offset rounds to zero', () => {
    expect(formatClockOffset(0.4, 1).text).toBe('0 ms (in sync)');
  });

  it('explains the sign and the error bound (half the round trip) in the title', () => {
    const { title } = formatClockOffset(3, 10);
    expect(title).toMatch(/\+ means this browser is behind/);
    expect(title).toMatch(/±5 ms/);
  });

  it('shows a dash, with the reason in the title, before the first answer', () => {
    const figure = formatClockOffset(null, null);
    expect(figure.text).toBe('—');
    expect(figure.title).toMatch(/Not measured yet/);
  });
});

describe('formatFrameAge', () => {
  it('uses tenths of seconds below ten seconds', () => {
    expect(formatFrameAge(420)).toBe('0.4 s');
  });

  it('falls back to whole units for older frames', () => {
    expect(formatFrameAge(125_000)).toBe('2 min');
  });

  it('shows a dash when there was no frame', () => {
    expect(formatFrameAge(null)).toBe('—');
  });
});

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
