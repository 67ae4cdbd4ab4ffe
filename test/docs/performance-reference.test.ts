/**
 * docs/performance.md stays a reference (#56 item 9): short enough to read, each target with its latest figure and
 * the date of the run it comes from; the dated runs live in bench/results/HISTORY.md, listed newest first, each with
 * its box, its command and the section holding its table. The commands it prints are checked by
 * performance-commands.test.ts and run by performance.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const doc = read('docs/performance.md');
const log = read('bench/results/HISTORY.md');

/** The body rows of the first table after a heading, as cells. */
function tableAfter(markdown: string, heading: string): string[][] {
  const at = markdown.indexOf(`\n${heading}\n`);
  if (at < 0) return [];
  const rows = markdown.slice(at).split('\n').slice(2);
  const first = rows.findIndex((l) => l.startsWith('|'));
  if (first < 0) return [];
  const table = rows.slice(
    first,
    rows.findIndex((l, i) => i > first && !l.startsWith('|')),
  );
  return table.slice(2).map((l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim()),
  );
}

describe('docs/performance.md, a reference', () => {
  it('is at most 300 lines', () => {
    expect(doc.split('\n').length).toBeLessThanOrEqual(300);
  });

  it('gives each target its latest figure with the date of its run, or says none is recorded', () => {
    const targets = tableAfter(doc, '## Targets');
    expect(targets.length).toBeGreaterThan(20);
    for (const [topic, target, latest] of targets) expect(latest, `${topic}: ${target}`).toMatch(/\d{4}-\d{2}-\d{2}|no run recorded/);
  });

  it('links to the results log for the runs before', () => {
    expect(doc).toContain('](../bench/results/HISTORY.md');
  });
});

describe('bench/results/HISTORY.md', () => {
  const runs = tableAfter(log, '## Runs, newest first');

  it('lists its runs newest first', () => {
    expect(runs.length).toBeGreaterThan(20);
    const dates = runs.map(([when]) => /\d{4}-\d{2}-\d{2}/.exec(when!)?.[0] ?? '');
    expect(dates.every(Boolean), dates.join(', ')).toBe(true);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('gives each run its box, its command and the section holding its table', () => {
    for (const [when, box, command, , where] of runs) {
      expect(box, when).not.toBe('');
      expect(command, when).not.toBe('');
      expect(where, when).toMatch(/\]\(#[^)]+\)/);
    }
  });
});
