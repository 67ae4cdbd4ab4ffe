/** Where the capture program looks for an ffmpeg of its own, before the @ffmpeg-installer package. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ffmpegBesideProgram, programDir, type ProgramPlace } from '../../../capture-client/sources/ffmpeg-locate.js';

const sea: ProgramPlace = { sea: true, execPath: path.join('/opt', 'camrelay', 'camrelay-capture.exe'), bundleDir: null, platform: 'win32' };
const bundle: ProgramPlace = { sea: false, execPath: '/usr/bin/node', bundleDir: path.join('/srv', 'capture'), platform: 'linux' };
const fromSource: ProgramPlace = { sea: false, execPath: '/usr/bin/node', bundleDir: null, platform: 'linux' };

describe('programDir', () => {
  it("is the executable's folder inside a single executable, the bundle's folder for node camrelay-capture.cjs, else null", () => {
    expect(programDir(sea)).toBe(path.join('/opt', 'camrelay'));
    expect(programDir(bundle)).toBe(path.join('/srv', 'capture'));
    expect(programDir(fromSource)).toBeNull();
  });
});

describe('ffmpegBesideProgram', () => {
  it('finds ffmpeg.exe beside the Windows executable', () => {
    const asked: string[] = [];
    const found = ffmpegBesideProgram(sea, (p) => (asked.push(p), true));
    expect(found).toBe(path.join('/opt', 'camrelay', 'ffmpeg.exe'));
    expect(asked).toEqual([found]);
  });

  it('finds ffmpeg beside the bundle on Linux', () => {
    expect(ffmpegBesideProgram(bundle, () => true)).toBe(path.join('/srv', 'capture', 'ffmpeg'));
  });

  it('is null when nothing is there, and never looks when run from source', () => {
    expect(ffmpegBesideProgram(sea, () => false)).toBeNull();
    expect(ffmpegBesideProgram(fromSource, () => true)).toBeNull();
  });

  it('is null from the sources of this repository (not a bundle, not a single executable)', () => {
    expect(ffmpegBesideProgram()).toBeNull();
  });
});
