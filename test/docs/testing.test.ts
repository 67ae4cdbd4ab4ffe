/** docs/testing.md, as printed: each command it gives runs the project it names. */
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

  it('names commands that run all projects, or the one they are named after', () => {
    expect(scripts.test).toBe('vitest run');
    for (const project of projects) expect(scripts[`test:${project}`]).toBe(`vitest run --project ${project}`);
  });
});
