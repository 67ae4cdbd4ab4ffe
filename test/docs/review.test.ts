/**
 * docs/review.md, checked as printed: its curl command lists a day's alerts from a relay with
 * recorded events, and the figures it states are the relay's.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETECT_DEFAULTS } from '../../common/detect/detect-settings.js';
import { ERROR_CODES } from '../../shared/errors.js';
import { REVIEW_MARKS_PER_USER, REVIEW_SEEN_MAX_IDS, type ReviewList } from '../../shared/review.js';
import { dayOf, daysAgo } from '../helpers/days-ago.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { sceneJpeg } from '../server/recording/motion/scene.js';

const doc = readFileSync(new URL('../../docs/review.md', import.meta.url), 'utf8');
const blocks = (lang: string) => [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
const T0 = daysAgo(2);

/** Runs one command line in a shell; its standard output apart from curl's progress meter. */
function sh(line: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(line, { shell: true, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('docs/review.md, as printed', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    const jpeg = await sceneJpeg({ square: { x: 100, y: 100 } });
    const events = server.recording.events;
    const person = { label: 'person', tracked: 'person', score: 0.7, box: [10, 10, 40, 80] as [number, number, number, number], zones: [], at: T0 + 1000 };
    events.signal('front-door', { type: 'start', at: T0 }, { at: T0 + 500, score: 5, jpeg });
    events.objects('front-door', { started: [person], at: T0 + 1000, jpeg, boxes: { width: 640, height: 360, boxes: [person] } });
    events.signal('front-door', { type: 'end', at: T0 + 4000 });
    events.signal('front-door', { type: 'start', at: T0 + 60_000 }, { at: T0 + 60_500, score: 5, jpeg });
    events.signal('front-door', { type: 'end', at: T0 + 64_000 });
    await events.idle();
  });
  afterAll(() => stopTestServer(server));

  it('its curl command lists the alerts of a day', async () => {
    const line = blocks('sh')[0]!.trim();
    expect(line.split('\n')).toHaveLength(1);
    const filled = line
      .replaceAll('admin:password', `${TEST_ADMIN.username}:${TEST_ADMIN.password}`)
      .replaceAll('relay:3000', `127.0.0.1:${server.port}`)
      .replaceAll('2026-11-23', dayOf(T0));
    const { code, out } = await sh(filled);
    expect(code).toBe(0);
    const list = JSON.parse(out) as ReviewList;
    expect(list.items.map((i) => [i.key, i.severity, i.seen])).toEqual([[`front-door/${T0}`, 'alert', false]]);
    expect(list.unseen).toEqual({ alert: 1, detection: 0, motion: 1 });
  });

  it('states the relay’s defaults and limits', () => {
    expect(DETECT_DEFAULTS.alerts).toEqual({ labels: ['person', 'car'], zones: [] });
    expect(doc).toContain('`{ "labels": ["person", "car"], "zones": [] }`');
    expect(doc.replace(/\s+/g, ' ')).toContain(`at most ${REVIEW_SEEN_MAX_IDS} keys`);
    expect(doc).toContain(`at most ${REVIEW_MARKS_PER_USER.toLocaleString('en-US')} marks`);
    const codes = [...doc.matchAll(/`(\d{3}) ([A-Z_]+)`/g)];
    expect(codes.map((m) => m[2])).toEqual(['UNKNOWN_ZONE', 'REVIEW_TOO_MANY', 'BAD_REVIEW_KEY', 'UNKNOWN_CAMERA']);
    for (const [, status, code] of codes) expect(ERROR_CODES[code as keyof typeof ERROR_CODES].status, code).toBe(Number(status));
  });
});
