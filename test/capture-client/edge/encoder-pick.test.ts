/**
 * The H.264 encoder pick against the bundled Windows ffmpeg's real `-encoders` list, with a stand-in ffmpeg
 * (a Node script) whose hardware encoders fail to open the way they do on a PC without that GPU.
 *
 * The fixture is the ffmpeg.exe of @ffmpeg-installer/win32-x64@4.1.0 (Zeranoe build N-92722-gf22fcd4483, the
 * one the capture client ships on Windows): its legend and every H.264 row, in that build's order, with names
 * and long names read from the binary's codec table (`npm pack @ffmpeg-installer/win32-x64@4.1.0`, then
 * `strings ffmpeg.exe`), as there is no Windows here to run it.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describePick, parseEncoders, pickEncoder, pickEncoderUncached } from '../../../capture-client/edge/encoder-pick.js';
import { resolveFfmpegPath } from '../../../capture-client/sources/ffmpeg-binary.js';

const WINDOWS_LIST = readFileSync(path.join(import.meta.dirname, '../../fixtures/capture/ffmpeg-encoders-win32-x64-4.1.0.txt'), 'utf8');

// What ffmpeg 4.1 prints when a listed hardware encoder cannot open on this PC.
const OPEN_ERRORS: Record<string, string> = {
  h264_nvenc:
    '[h264_nvenc @ 000001c9d5a4e2c0] Cannot load nvcuda.dll\nError initializing output stream 0:0 -- Error while opening encoder for output stream #0:0 - maybe incorrect parameters such as bit_rate, rate, width or height',
  h264_qsv:
    '[h264_qsv @ 000001c9d5a4e2c0] Error initializing an internal MFX session: unsupported (-3)\nError initializing output stream 0:0 -- Error while opening encoder for output stream #0:0',
  h264_amf:
    '[h264_amf @ 000001c9d5a4e2c0] DLL amfrt64.dll failed to open\nError initializing output stream 0:0 -- Error while opening encoder for output stream #0:0',
};

const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-encoder-pick-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in ffmpeg: prints `list` for -encoders, fails the open test of each encoder in `broken`, and logs what it was asked. */
function standIn(name: string, list: string, broken: string[]): { path: string; calls: () => string[] } {
  const file = path.join(dir, name);
  const log = `${file}.log`;
  writeFileSync(log, '');
  const errors = Object.fromEntries(broken.map((e) => [e, OPEN_ERRORS[e]]));
  writeFileSync(
    file,
    `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
if (args.includes('-encoders')) { process.stdout.write(${JSON.stringify(list)}); process.exit(0); }
const enc = args[args.indexOf('-c:v') + 1];
fs.appendFileSync(${JSON.stringify(log)}, enc + '\\n');
const errors = ${JSON.stringify(errors)};
if (errors[enc]) { process.stderr.write(errors[enc] + '\\n'); process.exit(1); }
process.exit(0);
`,
  );
  chmodSync(file, 0o755);
  return { path: file, calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

describe('parseEncoders', () => {
  it('reads every H.264 encoder of the bundled Windows ffmpeg, and no legend row', () => {
    const names = parseEncoders(WINDOWS_LIST);
    expect([...names].filter((n) => n.includes('264') || n.startsWith('nvenc'))).toEqual([
      'libx264',
      'libx264rgb',
      'h264_amf',
      'h264_nvenc',
      'h264_qsv',
      'nvenc',
      'nvenc_h264',
    ]);
    expect(names.has('=')).toBe(false);
    expect(names.has('aac')).toBe(false);
  });

  it('reads Windows line endings', () => {
    expect(parseEncoders(WINDOWS_LIST.replace(/\n/g, '\r\n')).has('h264_qsv')).toBe(true);
  });
});

// The stand-in is a script run through its #! line, which Windows does not read.
describe.skipIf(process.platform === 'win32')('pickEncoderUncached', () => {
  it('skips h264_nvenc that cannot load nvcuda.dll and picks h264_qsv, the next listed one that opens', async () => {
    const ff = standIn('no-nvidia', WINDOWS_LIST, ['h264_nvenc']);
    const pick = await pickEncoderUncached({ ffmpegPath: ff.path });
    expect(pick).toMatchObject({
      encoder: 'h264_qsv',
      hardware: true,
      failed: [{ encoder: 'h264_nvenc', error: expect.stringContaining('Error while opening encoder') }],
    });
    expect(ff.calls()).toEqual(['h264_nvenc', 'h264_qsv']);
    expect(describePick(pick)).toBe('H.264: h264_qsv');
  });

  it('falls back to libx264 when no listed hardware encoder opens, and says so', async () => {
    const ff = standIn('no-gpu', WINDOWS_LIST, ['h264_nvenc', 'h264_qsv', 'h264_amf']);
    const pick = await pickEncoderUncached({ ffmpegPath: ff.path });
    expect(pick.encoder).toBe('libx264');
    expect(pick.failed.map((f) => f.encoder)).toEqual(['h264_nvenc', 'h264_qsv', 'h264_amf']);
    expect(describePick(pick)).toBe('H.264: libx264 (no hardware encoder opened)');
  });

  it('offers no H.264 when the ffmpeg has no H.264 encoder at all', async () => {
    const ff = standIn('no-h264', ' V..... mjpeg                MJPEG (Motion JPEG)\n', []);
    const pick = await pickEncoderUncached({ ffmpegPath: ff.path });
    expect(pick).toEqual({ encoder: null, hardware: false, failed: [] });
    expect(ff.calls()).toEqual([]);
  });

  it('picks libx264 on the bundled Linux ffmpeg, which lists only encoders it does not try (h264_vaapi, h264_v4l2m2m)', async () => {
    const pick = await pickEncoderUncached({ ffmpegPath: resolveFfmpegPath() });
    expect(pick).toEqual({ encoder: 'libx264', hardware: false, failed: [] });
    expect(describePick(pick)).toBe('H.264: libx264 (no hardware encoder listed)');
  });
});

describe.skipIf(process.platform === 'win32')('pickEncoder', () => {
  it('open-tests once per ffmpeg for the life of the process', async () => {
    const ff = standIn('cached', WINDOWS_LIST, ['h264_nvenc']);
    const [a, b] = await Promise.all([pickEncoder({ ffmpegPath: ff.path }), pickEncoder({ ffmpegPath: ff.path })]);
    expect(await pickEncoder({ ffmpegPath: ff.path })).toBe(a);
    expect(b).toBe(a);
    expect(ff.calls()).toEqual(['h264_nvenc', 'h264_qsv']);
  });
});
