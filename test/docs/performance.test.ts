/**
 * docs/performance.md's bench commands, run as printed: the resize-cost one prints CPU and bytes per
 * rendition for every rung below each input, and the same resize count for 1 and 100 viewers on one
 * rung; the camera-side one (#28) measures recording by copy beside the relay's encode and prints
 * each of the rows; the IP camera one (#29) runs the capture program against the RTSP test camera, with
 * the relay recording it by copy. Figures are the benchmark's business; this checks only what the command does.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rtspCameraAvailable } from '../helpers/rtsp-camera.js';

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

  it('measures the camera side beside today’s path with the command it gives', async () => {
    const command = /`(npm run bench -- --only=camera-side)`/.exec(doc)?.[1];
    expect(command).toBe('npm run bench -- --only=camera-side');
    const { code, out } = await run(command!);
    expect(code, out).toBe(0);
    // The copy path really recorded what the bench cameras sent as H.264, and the relay's encode path ran beside it.
    const copy = /^\| by copy \(camera-side H\.264\) \|.*\| (\d+) \/ \d+ \| (\d+) \/ \d+ \|$/m.exec(out);
    expect(copy, out).not.toBeNull();
    expect(Number(copy![1])).toBeGreaterThan(0);
    expect(Number(copy![2])).toBeGreaterThan(0);
    expect(out).toMatch(/^\| relay encodes \(JPEG-only cameras\) \|/m);
    for (const row of ['relay CPU per recording camera, 720p15', 'live fan-out p99, 4 cameras recording vs none', 'motion detection at the relay'])
      expect(out).toContain(`| ${row}`);
    expect(out).toMatch(/^\| capture-h264: 720p15 JPEG → H\.264 \(libx264\) \+ 320 px rung, ffmpeg \+ client \|/m);
  }, 300_000);

  it.runIf(rtspCameraAvailable())(
    'measures IP cameras through the capture program with the command it gives',
    async () => {
      const command = /`(npm run bench -- --only=ipcam)`/.exec(doc)?.[1];
      expect(command).toBe('npm run bench -- --only=ipcam');
      const { code, out } = await run(command!);
      expect(code, out).toBe(0);
      // Every camera's JPEGs reached the viewer and its main stream was recorded by copy, for 1 and for 4 cameras.
      const cpu = [
        ...out.matchAll(/^\| capture program \+ its ffmpegs per RTSP camera .*, (\d) camera\(s\) \| .* \((\d+) frames at the viewer, (\d+) recorded in/gm),
      ];
      expect(
        cpu.map((m) => m[1]),
        out,
      ).toEqual(['1', '4']);
      expect(
        cpu.every((m) => Number(m[2]) > 0 && Number(m[3]) > 0),
        out,
      ).toBe(true);
      expect(out).toMatch(
        /^\| relay CPU, 1 IP camera recorded \+ 1 viewer, against the same JPEG stream unrecorded \| ≤ 1\.2× \| [\d.]+% \(Node [\d.]+%\) \/ [\d.]+% \(Node [\d.]+%\) of a core = [\d.]+× \|/m,
      );
      expect(out).toMatch(/^\| first live frame, capture program spawned → viewer's first frame \(5 starts; .*\| ≤ 3 s \| p50 \d+ ms, max \d+ ms \|/m);
      expect(out.match(/^\| ffmpeg alone on the sub stream \(GOP [12] s\)/gm)).toHaveLength(2);
    },
    300_000,
  );
});
