/** What a relay's detector can carry, in figures and in the words the Admin shows (pure arithmetic, no detector); docs/detection.md quotes them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectCapacity, lookText, type CapacityInput } from '../../../server/detection/capacity.js';

const input = (change: Partial<CapacityInput>): CapacityInput => ({
  workers: 1,
  cores: 2,
  cost: { ms: 50, source: 'looks' },
  engine: 'onnxruntime',
  rates: [],
  defaultRate: 2,
  ...change,
});

describe('detectCapacity', () => {
  it('says looks a second as workers × 1000 / ms a look, and how many cameras that carries at their rate', () => {
    const c = detectCapacity(input({ rates: [2, 2] }));
    expect(c).toMatchObject({ looksPerS: 20, workers: 1, msPerLook: 50, cameras: 2, demandPerS: 4, warning: null });
    expect(c.text).toBe(
      'This PC can look at 20 frames a second: enough for 10 cameras at 2 a second (onnxruntime-node, 1 worker, 50 ms a look measured on its looks).',
    );
  });

  it('counts cameras at the rate most of them ask, the default when none detects', () => {
    expect(detectCapacity(input({ rates: [1, 1, 5] })).text).toContain('enough for 20 cameras at 1 a second');
    expect(detectCapacity(input({ rates: [] })).text).toContain('enough for 10 cameras at 2 a second');
  });

  it('doubles with a second worker', () => {
    const c = detectCapacity(input({ workers: 2, cost: { ms: 31, source: 'bench' }, rates: [2] }));
    expect(c.looksPerS).toBe(64.5);
    expect(c.text).toBe(
      'This PC can look at 64 frames a second: enough for 32 cameras at 2 a second (onnxruntime-node, 2 workers, 31 ms a look by the benchmark).',
    );
  });

  it('says tfjs-wasm’s benchmark figure until the detector starts', () => {
    const c = detectCapacity(input({ engine: null, cost: { ms: 150, source: 'bench' }, rates: [2] }));
    expect(c.text).toBe(
      'This PC can look at 6.6 frames a second: enough for 3 cameras at 2 a second (1 worker; tfjs-wasm’s benchmark figure of 150 ms a look until the detector starts).',
    );
  });

  it('warns when the cameras ask for more than the workers do, and says what to change', () => {
    const c = detectCapacity(input({ cost: { ms: 160, source: 'looks' }, rates: [2.5, 2.5, 2.5, 2.5] }));
    expect(c.warning).toBe(
      '4 cameras ask for 10 looks a second; this PC does about 6.2: some looks will be skipped. Add a worker (CAMRELAY_DETECT_WORKERS) or lower a rate.',
    );
  });

  it('warns when looks were skipped over the last minute although the cameras ask for less than the quickest looks allow', () => {
    const c = detectCapacity(input({ cost: { ms: 68, source: 'looks' }, rates: [2, 2, 5], recent: { skippedPerS: 3.5, msPerLook: 268.4 } }));
    expect(c.text).toContain('This PC can look at 14 frames a second');
    expect(c.warning).toBe(
      'Over the last minute 3.5 looks a second were skipped: looks took 268 ms on average against 68 ms at the quickest (more regions a look, or other programs on the cores). Add a worker (CAMRELAY_DETECT_WORKERS) or lower a rate.',
    );
    // A cold start's odd skip is not worth a warning.
    expect(detectCapacity(input({ rates: [2], recent: { skippedPerS: 0.05, msPerLook: 60 } })).warning).toBeNull();
  });

  it('says only to lower a rate when every core already runs a worker', () => {
    const c = detectCapacity(input({ workers: 2, cores: 2, cost: { ms: 500, source: 'looks' }, rates: [5] }));
    expect(c.text).toContain('not enough for one camera at 5 a second');
    expect(c.warning).toBe(
      '1 camera asks for 5 looks a second; this PC does about 4: some looks will be skipped. Lower a rate: every core already runs a worker.',
    );
  });
});

describe('lookText', () => {
  it('says a minute of looks with no skips', () => {
    expect(lookText({ overS: 60, looksPerS: 1.95, skippedPerS: { slow_look: 0, workers_busy: 0 }, msPerLook: 33.6, regionsPerLook: 1.5 })).toBe(
      '1.95 looks a second over the last minute, none skipped, 34 ms a look, 1.5 regions a look',
    );
  });

  it('says skips by why, and leaves out worker time for a capture side’s looks', () => {
    expect(lookText({ overS: 12, looksPerS: 1, skippedPerS: { slow_look: 0.25, workers_busy: 1 }, msPerLook: null, regionsPerLook: null })).toBe(
      '1 looks a second over the last 12 seconds, 0.25 a second skipped (a look takes longer than the time between its looks) and 1 a second skipped (the workers were busy with other cameras)',
    );
  });
});

describe('docs/detection.md#capacity', () => {
  const doc = readFileSync(new URL('../../../docs/detection.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## Capacity\n'), doc.indexOf('## Limits\n'));
  const quoted = [...section.matchAll(/^> (.*)$/gm)].map((m) => m[1]);

  it('quotes the sentences the relay says for the settings it names', () => {
    expect(quoted).toEqual([
      detectCapacity(input({ rates: [2, 2] })).text,
      detectCapacity(input({ cost: { ms: 160, source: 'looks' }, rates: [2.5, 2.5, 2.5, 2.5] })).warning,
      detectCapacity(input({ cost: { ms: 68, source: 'looks' }, rates: [2, 2, 5], recent: { skippedPerS: 3.5, msPerLook: 268.4 } })).warning,
      lookText({ overS: 60, looksPerS: 1.95, skippedPerS: { slow_look: 0, workers_busy: 0 }, msPerLook: 33.6, regionsPerLook: 1.5 }),
    ]);
    // "With one worker at 50 ms a look and two cameras at 2 a second": the first quote's settings.
    expect(section).toContain('With one\nworker at 50 ms a look and two cameras at 2 a second');
  });
});
