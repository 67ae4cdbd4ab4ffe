/**
 * docs/performance.md's "Running it" block, checked against the bench as it is: each npm script it
 * prints exists, each `--only=` value selects something (a named group in bench/main.ts, or the
 * prefix of a scenario or of the resize cost), and each file it runs is there. The long commands
 * themselves are run as printed by test/docs/performance.test.ts (the bench project); this keeps the
 * rest of the block from naming options the bench no longer has.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plan } from '../../bench/scenarios.js';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const doc = read('docs/performance.md');
const block = /## Running it\n\n```sh\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
const commands = block
  .split('\n')
  .map((line) => line.replace(/#.*$/, '').trim())
  .filter(Boolean);
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const main = read('bench/main.ts');
// The groups bench/main.ts runs by name: `only === 'x'`, `only.startsWith('x')` and `detectGroup('x')`.
const groups = [...main.matchAll(/(?:only(?: === |\.startsWith\()|detectGroup\()'([\w-]+)'/g)].map((m) => m[1]!);
const scenarios = [...plan(false), ...plan(true)].map((r) => r.scenario);

describe('docs/performance.md, the commands it prints', () => {
  it('prints the bench commands in one block', () => {
    expect(commands.length).toBeGreaterThan(5);
    expect(commands).toContain('npm run bench');
  });

  it('names npm scripts that exist', () => {
    for (const c of commands.filter((c) => c.startsWith('npm run '))) expect(scripts, c).toHaveProperty(c.split(' ')[2]!);
  });

  it('names --only values the bench selects rows by', () => {
    const values = commands.flatMap((c) => [...c.matchAll(/--only=("[^"]+"|\S+)/g)].map((m) => m[1]!.replace(/"/g, '')));
    expect(values.length).toBeGreaterThan(5);
    for (const v of values) expect(groups.includes(v) || scenarios.some((s) => s.startsWith(v)) || 'resize cost'.startsWith(v), v).toBe(true);
  });

  it('runs files that exist', () => {
    for (const c of commands.filter((c) => c.startsWith('npx tsx '))) expect(existsSync(new URL(`../../${c.split(' ')[2]}`, import.meta.url)), c).toBe(true);
  });
});
