/**
 * docs/recording.md's "In the Admin area", checked as printed: its curl command answers what the
 * section says, its fields are the form's labels, and the settings they name exist.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../dashboard/src/admin/recording-data.js';
import { CAMERA_DEFAULTS } from '../../server/recording/settings.js';
import { dayOf, daysAgo } from '../helpers/days-ago.js';
import { writeSegment } from '../helpers/fake-recordings.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';

const doc = readFileSync(new URL('../../docs/recording.md', import.meta.url), 'utf8');
const section = doc.slice(doc.indexOf('## In the Admin area'), doc.indexOf('## Disk use, retention'));
// Three days before today, as the printed 2026-11-21 to 23: fixed dates fall out of the relay's 7-day retention a week on.
const DAYS = [daysAgo(3, 8), daysAgo(2, 8), daysAgo(1, 8)] as const;

function sh(line: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(line, { shell: true, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('docs/recording.md "In the Admin area", as printed', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    for (const start of DAYS) await writeSegment(server, 'garage', start, 1000);
  });
  afterAll(() => stopTestServer(server));

  it('its curl command answers in the printed shape', async () => {
    const line = /```shell\n(.+)\n```/.exec(section)![1]!;
    const filled = line.replaceAll('admin:password', `${TEST_ADMIN.username}:${TEST_ADMIN.password}`).replaceAll('relay:3000', `127.0.0.1:${server.port}`);
    const { code, out } = await sh(filled);
    expect(code).toBe(0);
    const printed = JSON.parse(/answers `(\{.+?\})`/.exec(section)![1]!) as Record<string, unknown>;
    const answer = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(answer)).toEqual(Object.keys(printed));
    expect(answer).toEqual({ camera: 'garage', segments: 3, bytes: 3000, days: 3, firstDay: dayOf(DAYS[0]), lastDay: dayOf(DAYS[2]) });
  });

  it('names each field by its label in the form, and each setting by its key', () => {
    const fields = section.slice(section.indexOf('Each field is one of'), section.indexOf('**Save**'));
    const rows = [...fields.matchAll(/^\| ([^|]+) \| (`[^|]+`) \|$/gm)].map((m) => [m[1]!, m[2]!] as const);
    const keys = rows.flatMap(([, keys]) => [...keys.matchAll(/`([a-zA-Z.]+)`/g)].map((m) => m[1]!));
    const known = [...Object.keys(CAMERA_DEFAULTS).filter((k) => k !== 'motion'), ...Object.keys(CAMERA_DEFAULTS.motion).map((k) => `motion.${k}`)];
    expect(keys.sort()).toEqual(known.sort());
    for (const key of keys) {
      const row = rows.find(([, ks]) => ks.includes(`\`${key}\``))![0];
      expect(row, key).toContain(LABELS[key]!);
    }
  });
});
