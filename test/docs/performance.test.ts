/**
 * docs/performance.md's bench commands (and docs/live-video.md's, whose #30 table they fill), run as printed: the resize-cost one prints CPU and bytes per
 * rendition for every rung below each input, and the same resize count for 1 and 100 viewers on one
 * rung; the camera-side one (#28) measures recording by copy beside the relay's encode and prints
 * each of the issue's rows; the IP camera one (#29) runs the capture program against the RTSP test camera, with
 * the relay recording it by copy; the live H.264 ones (#30) print each row of the issue's table, or the phone's alone;
 * the HLS and LL-HLS readers' (#41) print their latency from capture, every frame fetched matched to its capture time. Figures are the benchmark's business; this checks only what the command does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runPrinted } from '../helpers/shell-command.js';
import { rtspCameraAvailable } from '../helpers/rtsp-camera.js';

const doc = readFileSync(new URL('../../docs/performance.md', import.meta.url), 'utf8');
/** #30's rows and their commands live with the topic they measure. */
const liveVideo = readFileSync(new URL('../../docs/live-video.md', import.meta.url), 'utf8');

const run = runPrinted;

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

  it('measures the relay’s CPU per H.264 unit recorded by copy with the command it gives', async () => {
    const command = /`(npx tsx bench\/copy-cost\.ts)`/.exec(doc)?.[1];
    expect(command).toBe('npx tsx bench/copy-cost.ts');
    const { code, out } = await run(command!);
    expect(code, out).toBe(0);
    // One JSON line: every unit fed was kept by the recorder, and the figures the doc's table gives are there.
    const line = out.split('\n').find((l) => l.startsWith('{"units"'));
    expect(line, out).toBeDefined();
    const r = JSON.parse(line!) as { units: number; kept: number; nodeMsPerUnit: number; ffmpegMsPerUnit: number; dropped: Record<string, number> };
    expect(r.units).toBeGreaterThan(0);
    expect(r.kept).toBeGreaterThanOrEqual(r.units);
    expect(Object.values(r.dropped).every((n) => n === 0)).toBe(true);
    expect(r.nodeMsPerUnit).toBeGreaterThan(0);
    expect(r.ffmpegMsPerUnit).toBeGreaterThan(0);
  }, 180_000);

  it('measures the latency at HLS and LL-HLS readers with the commands it gives, and docs/streams.md gives the same', async () => {
    const streams = readFileSync(new URL('../../docs/streams.md', import.meta.url), 'utf8');
    for (const flag of ['--llhls', '--hls']) {
      const command = new RegExp(`(npx tsx bench/stream-readers\\.ts ${flag}) +#`).exec(doc)?.[1];
      expect(command).toBe(`npx tsx bench/stream-readers.ts ${flag}`);
      expect(streams).toContain(`\`${command}\``);
      const { code, out } = await run(command!);
      expect(code, out).toBe(0);
      // The JSON it prints: the reader's kind, and frames fetched and matched to the capture times sent.
      const r = JSON.parse(out.slice(out.indexOf('{'))) as { reader: string; latencyMs: { p50: number; p95: number; units: number; matched: number } };
      expect(r.reader).toBe(flag.slice(2));
      expect(r.latencyMs.units).toBeGreaterThan(0);
      expect(r.latencyMs.matched).toBe(r.latencyMs.units);
      expect(r.latencyMs.p95).toBeGreaterThanOrEqual(r.latencyMs.p50);
    }
  }, 600_000);

  it('measures live H.264 beside JPEG with the command it gives', async () => {
    const command = /`(npm run bench -- --only=live-h264)`/.exec(liveVideo)?.[1];
    expect(command).toBe('npm run bench -- --only=live-h264');
    const { code, out } = await run(command!);
    expect(code, out).toBe(0);
    // Every row of #30's table, each with a JPEG and an H.264 column.
    for (const row of [
      'phone 390×844, 4 cameras × 15 fps, 2 Mbit/s + 300 ms',
      'single view 720p15 over 2 Mbit/s + 150 ms',
      'bytes per viewer, 720p15 single view',
      'glass-to-glass 720p30, 127.0.0.1 page',
      'glass-to-glass 720p30, LAN page',
      'first full-size picture after opening a tile',
      'frozen viewer resumes',
    ])
      expect(out, row).toMatch(new RegExp(`^\\| ${row.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*\\|.*\\|.*\\|.*\\|`, 'm'));
    // And the per-page table, which names each tile's codec at the end (how much was H.264 is the bench's figure).
    expect(out).toMatch(/^\| single view 720p15, H\.264 camera \| [\d.]+ \| [\d.]+ \/ [\d.]+ \| 1280 \| 1 (h264|jpeg)/m);
  }, 900_000);

  it("measures node A's live boxes at a viewer on A and one on B with the command it gives (#56)", async () => {
    const command = /(npm run bench -- --only=cluster-boxes)/.exec(doc)?.[1];
    expect(command).toBe('npm run bench -- --only=cluster-boxes');
    const { code, out } = await run(command!);
    expect(code, out).toBe(0);
    expect(out).toMatch(/^\| viewer on node A \(same node\) \| 100 \| [\d.]+ \| [\d.]+ \| [\d.]+ \|$/m);
    expect(out).toMatch(/^\| viewer on node B \(across Redis\) \| 100 \| [\d.]+ \| [\d.]+ \| [\d.]+ \|$/m);
  }, 300_000);

  it('measures following objects with the command it gives (#57): one person is one object, a parked car one notification with newObjectsOnly', async () => {
    const command = /(npm run bench -- --only=detect-objects)/.exec(doc)?.[1];
    expect(command).toBe('npm run bench -- --only=detect-objects');
    const { code, out } = await run(command!);
    expect(code, out).toBe(0);
    expect(out).toMatch(/^\| one person in view for 20 s: [^|]+\| 1; 1; \d+ ms \("Person left cam after \d+ s"\) \|/m);
    expect(out).toMatch(/^\| a car parked for 10 min, moved 3 times: [^|]+\| 4; 1 \|/m);
  }, 120_000);

  it('measures the phone pair alone with the command it gives', async () => {
    const command = /`(npm run bench -- --only=live-h264-phone)`/.exec(liveVideo)?.[1];
    expect(command).toBe('npm run bench -- --only=live-h264-phone');
    const { code, out } = await run(command!);
    expect(code, out).toBe(0);
    // The phone row of #30's table, and both of its page runs: the JPEG camera's and the H.264 camera's.
    expect(out).toMatch(/^\| phone 390×844, 4 cameras × 15 fps, 2 Mbit\/s \+ 300 ms \| [\d.]+ fps at \d+ px.*\| [\d.]+ fps at \d+ px/m);
    expect(out).toMatch(/^\| phone, JPEG camera \| [\d.]+ \|/m);
    expect(out).toMatch(/^\| phone, H\.264 camera \| [\d.]+ \|/m);
    // The rows it did not run are left out, not reported as failed.
    expect(out).not.toMatch(/^\| single view/m);
  }, 300_000);
});
