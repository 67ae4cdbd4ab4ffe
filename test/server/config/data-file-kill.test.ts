/**
 * `kill -9` in the middle of saving (#55 item 5): a child process saves detection settings through the
 * real store round after round and is killed after a few rounds, again and again on one data folder.
 * Each time the file reads as valid JSON with no warning, and holds every round the child had reported
 * saved (no older value), which is what the next start keeps.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DetectionStore } from '../../../server/detection/detection-store.js';
import { waitFor } from '../../helpers/wait.js';

const KILLS = Number(process.env.KILL_RUNS ?? 12);
const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rateOf = (round: number, i: number) => (round % 20) / 5 + 0.2 + i / 100;

/** Runs the child from `round` until it has reported `rounds` more saved, kills it with SIGKILL; the last round it reported. */
async function saveThenKill(round: number, rounds: number): Promise<{ last: number; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'saving-child.ts'), dir, String(round)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await waitFor(() => (output.match(/^(saved|failed) /gm)?.length ?? 0) >= rounds || child.exitCode !== null, 'the child saving', 30_000);
  child.kill('SIGKILL');
  await exited;
  const saved = [...output.matchAll(/^saved (\d+)$/gm)].map((m) => Number(m[1]));
  return { last: saved.length ? Math.max(...saved) : round - 1, output };
}

describe('DetectionStore killed with SIGKILL while saving', () => {
  it('leaves a valid file holding every round reported saved, kill after kill', { timeout: 60_000 + KILLS * 20_000 }, async () => {
    let round = 0;
    const problems: string[] = [];
    for (let k = 0; k < KILLS; k++) {
      const { last, output } = await saveThenKill(round, 1 + (k % 4));
      for (const line of output.split('\n').filter((l) => /^(failed|warn) |Error/.test(l))) problems.push(`kill ${k}: ${line}`);
      const file = path.join(dir, 'detection-cameras.json');
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
        JSON.parse(text);
      } catch (err) {
        problems.push(`kill ${k}: detection-cameras.json invalid (${(err as Error).message}): ${text.slice(0, 80)}`);
        continue;
      }
      const warnings: string[] = [];
      const store = new DetectionStore(dir);
      problems.push(...warnings.map((w) => `kill ${k}: ${w}`));
      // Saved rounds are on disk: each camera holds the last reported round's rate or a later one's.
      const rates = Array.from({ length: 8 }, (_, i) => store.of(`cam${i}`).rate);
      const allowed = (i: number) => [rateOf(last, i), rateOf(last + 1, i), rateOf(last + 2, i)];
      if (last >= 0)
        rates.forEach((r, i) => !allowed(i).includes(r) && problems.push(`kill ${k}: cam${i} has ${r}, saved round ${last} gave ${rateOf(last, i)}`));
      round = last + 3;
    }
    console.log(`${KILLS} kills with SIGKILL while saving: ${problems.length} problems`);
    expect(problems).toEqual([]);
  });
});
