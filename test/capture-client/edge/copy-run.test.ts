/** One run of the copying ffmpeg, with the real (bundled) ffmpeg: its H.264 as access units, its errors kept, a stall ended. */
import { describe, expect, it } from 'vitest';
import { CopyRun, type CopyRunOptions } from '../../../capture-client/edge/copy-run.js';
import type { ProducedUnit } from '../../../capture-client/edge/h264-producer.js';
import { streamInfo } from '../../../capture-client/edge/rtsp-copy-args.js';

const QUIET = ['-hide_banner', '-loglevel', 'info', '-nostats', '-nostdin'];

/** Starts a run of `args` and resolves with its units, stderr lines, exit code and error once ffmpeg has closed. */
function run(args: string[], o: Partial<CopyRunOptions> = {}) {
  const units: ProducedUnit[] = [];
  const lines: string[] = [];
  const copy: CopyRun = new CopyRun({
    args: [...QUIET, ...args],
    stallMs: 10_000,
    codec: 'h264',
    encoding: false,
    now: Date.now,
    unit: (u) => units.push(u),
    line: (line) => {
      lines.push(line);
      // As rtsp-copy.ts does with the camera's stream line; here the input is lavfi's, so the output's line sizes the units.
      const info = streamInfo(line);
      if (info?.codec === 'h264' && !copy.units.sized()) copy.units.size(info);
    },
    ...o,
  });
  const ended = new Promise<number | null>((resolve) => copy.onClose(resolve));
  return { copy, units, lines, ended };
}

describe('CopyRun', () => {
  it("gives ffmpeg's H.264 as access units sized by its stream line, a keyframe first, stamped in order", async () => {
    // Twelve pictures, eleven units: a picture is complete when the next begins (copy-units.ts), and the last has no next.
    const { copy, units, ended } = run([
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=160x120:rate=10',
      '-frames:v',
      '12',
      '-c:v',
      'libx264',
      '-g',
      '5',
      '-f',
      'h264',
      'pipe:1',
    ]);
    expect(await ended).toBe(0);
    await copy.closed;
    expect(copy.error).toBeNull();
    expect(units).toHaveLength(11);
    expect(units[0]!.keyframe).toBe(true);
    expect(units.every((u) => u.width === 160 && u.height === 120)).toBe(true);
    expect(units.every((u, i) => i === 0 || u.capturedAt > units[i - 1]!.capturedAt)).toBe(true);
  });

  it("keeps the stderr lines that read as errors, for the failure's words, and ends with ffmpeg's code", async () => {
    // Port 1 on this machine: nothing listens there, as for a camera that is off.
    const { copy, ended } = run(['-rtsp_transport', 'tcp', '-i', 'rtsp://127.0.0.1:1/camrelay', '-f', 'h264', 'pipe:1']);
    expect(await ended).not.toBe(0);
    expect(copy.error).toBeNull();
    expect(copy.errorLines.join('\n')).toMatch(/Connection refused/);
    expect(copy.errorLines.length).toBeLessThanOrEqual(5);
  });

  it('ends a run whose ffmpeg writes nothing for the stall time, as CAMERA_UNREACHABLE', async () => {
    // Real time (-re), one picture a second, all of it to the null muxer: ffmpeg runs and stdout stays silent.
    const { copy, ended } = run(['-re', '-f', 'lavfi', '-i', 'nullsrc=size=16x16:rate=1', '-f', 'null', '-'], { stallMs: 500 });
    await ended;
    expect(copy.error).toMatchObject({ code: 'CAMERA_UNREACHABLE', message: "The camera's record stream sent no H.264 for 0.5 s." });
  });

  it('throws SOURCE_UNAVAILABLE when the ffmpeg binary it is given does not exist', () => {
    expect(() => run(['-version'], { ffmpegPath: '/nonexistent/ffmpeg' })).toThrow(expect.objectContaining({ code: 'SOURCE_UNAVAILABLE' }));
  });
});
