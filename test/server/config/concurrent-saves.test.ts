/**
 * Concurrent saves through the real HTTP routes (#55 item 5): 24 cameras' detection and recording
 * settings saved at once, as many admins' tabs might. Every save answers 200, both files read as JSON,
 * and a restart on the same data folder keeps every change. The figures of each run are printed
 * (`SAVE_RUNS=10 npx vitest run test/server/config/concurrent-saves.test.ts` for ten).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getDetection } from '../../helpers/detection-api.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

const CAMERAS = Array.from({ length: 24 }, (_, i) => `cam${i}`);
const RUNS = Number(process.env.SAVE_RUNS ?? 2);
const rateOf = (i: number) => (i + 1) / 5;
const retentionOf = (i: number) => 1 + (i % 20);

const put = async (s: TestServer, cookie: string, where: string, body: unknown): Promise<number> => {
  const res = await fetch(`${s.url}${where}`, {
    method: 'PUT',
    headers: { cookie, ...sameOrigin(s), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.body?.cancel();
  return res.status;
};

const validJson = (file: string): boolean => {
  try {
    JSON.parse(readFileSync(file, 'utf8'));
    return true;
  } catch {
    return false;
  }
};

interface Run {
  ok: number;
  failed: number;
  invalid: string[];
  lost: number;
}

async function oneRun(): Promise<Run> {
  let s = await startTestServer();
  const cookie = await login(s);
  const answers = await Promise.all(
    CAMERAS.flatMap((camera, i) => [
      put(s, cookie, `/api/cameras/${camera}/detection`, { rate: rateOf(i) }),
      put(s, cookie, `/api/cameras/${camera}/recording`, { retentionDays: retentionOf(i) }),
    ]),
  );
  const invalid = ['detection-cameras.json', 'recording-cameras.json'].filter((f) => !validJson(path.join(s.dataDir, f)));
  await stopTestServer(s, false);
  s = await startTestServer({ dataDir: s.dataDir });
  try {
    const again = await login(s);
    let lost = 0;
    for (const [i, camera] of CAMERAS.entries()) {
      if ((await getDetection(s, again, camera)).settings.rate !== rateOf(i)) lost++;
      if (s.recording.settingsOf(camera).retentionDays !== retentionOf(i)) lost++;
    }
    return { ok: answers.filter((a) => a === 200).length, failed: answers.filter((a) => a !== 200).length, invalid, lost };
  } finally {
    await stopTestServer(s);
  }
}

describe('saving detection and recording settings of 24 cameras at once', () => {
  it('answers every save 200, leaves both files valid, and a restart keeps every change', { timeout: 60_000 + RUNS * 30_000 }, async () => {
    const runs: Run[] = [];
    for (let n = 0; n < RUNS; n++) runs.push(await oneRun());
    const sum = (f: (r: Run) => number) => runs.reduce((a, r) => a + f(r), 0);
    console.log(
      `${RUNS} runs of 48 saves: ${sum((r) => r.ok)} answered 200, ${sum((r) => r.failed)} did not; ` +
        `${sum((r) => r.invalid.length)} files left invalid (in ${runs.filter((r) => r.invalid.length).length} runs); ` +
        `${sum((r) => r.lost)} of ${RUNS * 48} settings lost after a restart`,
    );
    expect(runs.map((r) => [r.failed, r.invalid, r.lost])).toEqual(runs.map(() => [0, [], 0]));
  });
});
