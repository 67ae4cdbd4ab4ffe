/** docs/testing.md, as printed: each command it gives runs the project it names, and it states each project's counts and time (#56 item 9). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import config from '../../vitest.config.js';

const doc = readFileSync(new URL('../../docs/testing.md', import.meta.url), 'utf8');
const scripts = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;
const projects = (config.test?.projects ?? []).map((p) => (p as { test: { name: string } }).test.name);
const commands = [...doc.matchAll(/^npm (?:run )?([\w:]+)/gm)].map((m) => m[1]!);

describe('docs/testing.md', () => {
  it('prints npm test and one command per project', () => {
    expect(commands).toEqual(['test', 'test:unit', 'test:integration', 'test:e2e', 'test:bench']);
    expect(projects).toEqual(['unit', 'integration', 'e2e', 'bench']);
  });

  it('states the files, tests and time in CI of each project', () => {
    const rows = [...doc.matchAll(/^\| `(\w+)` \|.*\| ([\d,]+) files, ([\d,]+) tests \| ([^|]+) \|$/gm)];
    expect(rows.map((m) => m[1])).toEqual(projects);
    for (const m of rows) expect(m[4], m[1]).toMatch(/^\d+ (s|min)\b/);
  });

  it('is not a log of runs: one date, the counts', () => {
    expect(doc.match(/\d{4}-\d{2}-\d{2}/g) ?? []).toHaveLength(1);
  });

  it('names commands that run all projects, or the one they are named after', () => {
    expect(scripts.test).toBe('vitest run');
    for (const project of projects) expect(scripts[`test:${project}`]).toBe(`vitest run --project ${project}`);
  });
});
