/**
 * The settings page's addresses as README.md and docs/ print them (`#/settings/<section>`): each one is a section the
 * page has, so a reader who types it lands there (test/e2e/settings-page.test.ts opens every section by its address).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSettingsRoute } from '../../dashboard/src/settings/settings-route.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const files = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('settings addresses in the docs, as printed', () => {
  const printed = files.flatMap((file) =>
    [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/`(#\/settings[^`]*)`/g)].map((m) => ({ file, address: m[1]! })),
  );

  it('prints some', () => {
    expect(printed.length).toBeGreaterThanOrEqual(6);
  });

  it('names only sections the page has', () => {
    for (const { file, address } of printed) expect(parseSettingsRoute(address)?.section, `${file}: ${address}`).toBeTruthy();
  });

  it('no longer sends a reader to the Admin drawer', () => {
    for (const file of files) expect(readFileSync(path.join(ROOT, file), 'utf8'), file).not.toMatch(/Admin drawer/);
  });
});
