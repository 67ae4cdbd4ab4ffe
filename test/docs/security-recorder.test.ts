/** docs/security.md's pre-roll and encoder sections, as printed: the command they measure with runs and shows what they say. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const doc = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
const section = (title: string) => doc.split(`### ${title}\n`)[1]!.split('\n### ')[0]!;

describe("docs/security.md's recorder sections, as printed", () => {
  it('measure both attacks with the command they give: the pre-roll let go after the camera leaves, one encoder for alternating sizes', async () => {
    const commands = ["Pre-roll and the recorder's queue", 'Encoders'].map((t) => /`(npx tsx bench\/[a-z-]+\.ts)`/.exec(section(t))?.[1]);
    expect(commands).toEqual(['npx tsx bench/recorder-attacks.ts', 'npx tsx bench/recorder-attacks.ts']);
    const child = spawn(commands[0]!, { cwd: new URL('../..', import.meta.url), shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const result = JSON.parse(out) as { preRoll: { jpegBytes: number; heldMb: number }; sizes: { ffmpegProcessesSeen: number; segmentFiles: number } };
    expect(result.sizes).toMatchObject({ ffmpegProcessesSeen: 1, segmentFiles: 1 });
    // Before the cap the camera's pre-roll stayed: over 100 MB. Now about its one newest frame (snapshots).
    expect(result.preRoll.heldMb).toBeLessThan((5 * result.preRoll.jpegBytes) / 1e6);
  }, 120_000);

  it("measures the pre-roll's memory after its camera left with the command the floods section prints", async () => {
    const printed = [...section('Floods that cost more than they should').matchAll(/`(npx tsx\s+bench\/preroll-memory\.ts[^`]*)`/g)].map((m) =>
      m[1]!.replace(/\s+/g, ' '),
    );
    expect(printed).toContain('npx tsx bench/preroll-memory.ts MALLOC_MMAP_THRESHOLD_=131072');
    const child = spawn('npx tsx bench/preroll-memory.ts MALLOC_MMAP_THRESHOLD_=131072', {
      cwd: new URL('../..', import.meta.url),
      shell: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    const result = JSON.parse(out) as { preRollMbConnected: number; preRollMbAfter: number; waitSeconds: number; rssGrowthMb: number };
    // The pre-roll filled while the camera sent, and was let go when it left; the memory figures are the bench's to print.
    expect(result.preRollMbConnected).toBeGreaterThan(10);
    expect(result.preRollMbAfter).toBe(0);
    expect(result.waitSeconds).toBe(20);
  }, 120_000);
});
