/**
 * A browser or phone camera's sound recorded (#40 item 3): its JPEGs are encoded by the relay, and its microphone's
 * Opus packets go beside them as an A_OPUS track, each at its own time on the JPEGs' clock.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { opusConfigHex, opusHead } from '../../../common/codec/opus.js';
import { CameraRecorder } from '../../../server/recording/camera-recorder.js';
import type { MkvAudio } from '../../../server/recording/mkv.js';
import { SegmentFiles, type SegmentRecord } from '../../../server/recording/segment-files.js';
import { CAMERA_DEFAULTS } from '../../../server/recording/settings.js';
import type { AacFrameMeta } from '../../../shared/demand.js';
import { FakeSink, frameAt } from './fakes.js';

const T0 = Date.parse('2026-11-26T10:00:00Z');
const SETUP = { channels: 1, preSkip: 312, inputRate: 48_000 };
const OPUS: Omit<AacFrameMeta, 'seq' | 'capturedAt'> = { sampleRate: 48_000, channels: 1, config: opusConfigHex(SETUP), codec: 'opus' };
// A 20 ms CELT packet (config 31, code 0) of 40 bytes: what a browser's encoder sends every 20 ms.
const PACKET = Buffer.alloc(40, 0xf8);
let dir: string;
let sinks: Array<{ sink: FakeSink; audio?: MkvAudio; format: string }>;
let closed: SegmentRecord[];
let r: CameraRecorder;

/** A recorder of camera 'cam' recording `format` continuously, its sinks and closed segments noted. */
function recorder(format: 'h264' | 'jpeg'): CameraRecorder {
  return new CameraRecorder(
    'cam',
    { ...CAMERA_DEFAULTS, mode: 'continuous', fps: 15, format },
    {
      files: new SegmentFiles(dir),
      openSink: (format, file, _w, _h, avcC, audio) => {
        mkdirSync(path.dirname(file), { recursive: true });
        const sink = new FakeSink(file, avcC ? 'copy' : format === 'h264' ? 'encode' : 'file');
        sinks.push({ sink, audio, format });
        return sink;
      },
      segmentMs: 60_000,
      silenceMs: 10_000,
      diskFull: () => false,
      onSegmentClosed: (s) => closed.push(s),
      onError: () => {},
      now: () => T0,
    },
  );
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-opus-'));
  sinks = [];
  closed = [];
  r = recorder('h264');
});
afterEach(async () => {
  await r.close();
  rmSync(dir, { recursive: true, force: true });
});

/** 10 fps JPEGs and, from `soundFrom` ms on, the 20 ms Opus packets captured up to each frame, sent before it. */
async function feed(ms: number, soundFrom = 0): Promise<void> {
  let a = Math.ceil(soundFrom / 20);
  for (let t = 0, n = 1; t < ms; t += 100, n++) {
    for (; a * 20 <= t; a++) r.write('sound', { meta: { cameraId: 'cam', ...OPUS, seq: a, capturedAt: T0 + a * 20 }, frame: PACKET });
    r.write('jpeg', frameAt(T0 + t, n));
    await new Promise((res) => setImmediate(res));
  }
}

describe('CameraRecorder (a browser camera: JPEGs encoded, its microphone’s Opus beside them)', () => {
  it('opens the encode with an A_OPUS track (its OpusHead) and writes each packet at its own time', async () => {
    await feed(3000);
    await r.close();
    expect(sinks).toHaveLength(1);
    const [{ sink, audio }] = sinks as [(typeof sinks)[0]];
    expect(sink.kind).toBe('encode');
    expect(audio).toEqual({ codec: 'opus', config: Buffer.from(opusHead(SETUP)), sampleRate: 48_000, channels: 1 });
    expect(audio!.config.subarray(0, 8).toString('latin1')).toBe('OpusHead');
    expect(closed[0]!.audio).toBe('opus');
    // The packet at 0 ms came before the first frame opened the file: the sound starts at the next, one every 20 ms, nothing stretched.
    expect(sink.audioTimes.slice(0, 4)).toEqual([20, 40, 60, 80]);
    expect(sink.audioTimes).toHaveLength(145);
  });

  it('starts a file with the track when the microphone opens after the recording began (it opens once asked)', async () => {
    await feed(3000, 1000);
    await r.close();
    expect(sinks.map((s) => s.audio?.codec)).toEqual([undefined, 'opus']);
    const byStart = [...closed].sort((x, y) => x.start - y.start);
    expect(byStart.map((s) => [s.endReason, s.audio])).toEqual([
      ['rotate', undefined],
      ['relay-down', 'opus'],
    ]);
  });

  it('records no sound in a Matroska file of JPEGs (format jpeg), and says it has none', async () => {
    await r.close();
    r = recorder('jpeg');
    await feed(2000);
    await r.close();
    expect(sinks.map((s) => s.audio)).toEqual([undefined]);
    expect(closed[0]!.audio).toBeUndefined();
  });
});
