/**
 * docs/performance.md's resize-cost command, run as printed: it prints CPU and bytes per rendition
 * for every rung below each input, and the same resize count for 1 and 100 viewers on one rung.
 * Figures are the benchmark's business; this checks only what the command does.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const doc = readFileSync(new URL('../../docs/performance.md', import.meta.url), 'utf8');
const root = new URL('../..', import.meta.url);

function run(command: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, { cwd: root, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('docs/performance.md, as printed', () => {
  it('measures renditions with the command it gives', async () => {
    const command = /`(npm run bench -- --only=resize)`/.exec(doc)?.[1];
    expect(command).toBe('npm run bench -- --only=resize');
    const { code, out } = await run(command!);
    expect(code, out).toBe(0);
    const rows = [...out.matchAll(/^\| (720p|1080p) \| (\d+(?:-q\d+)?) \| ([\d.]+) \| ([\d.]+) \|$/gm)].map((m) => `${m[1]} ${m[2]}`);
    // Every rung below the input, the low-quality step of the narrowest included.
    expect(rows).toEqual(['720p 320-q40', '720p 320', '720p 640', '720p 960', '1080p 320-q40', '1080p 320', '1080p 640', '1080p 960', '1080p 1280']);
    const resizes = [...out.matchAll(/^\| (1|100) \| 20 \| (\d+) \|$/gm)].map((m) => Number(m[2]));
    expect(resizes).toHaveLength(2);
    expect(resizes[0]).toBe(resizes[1]);
  }, 120_000);
});
