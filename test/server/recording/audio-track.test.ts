import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CameraRecorder } from '../../../server/recording/camera-recorder.js';
import type { MkvAudio } from '../../../server/recording/mkv.js';
import { SegmentFiles, type SegmentRecord } from '../../../server/recording/segment-files.js';
import { CAMERA_DEFAULTS } from '../../../server/recording/settings.js';
import type { AacFrameMeta } from '../../../shared/demand.js';
import { FakeSink } from './fakes.js';
import { annexB } from './h264-fixtures.js';
import { recordedH264 } from '../../../server/recording/record-tracks.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const AAC: Omit<AacFrameMeta, 'seq' | 'capturedAt'> = { sampleRate: 16000, channels: 1, config: '1408' };
let dir: string;
let sinks: Array<{ sink: FakeSink; audio?: MkvAudio }>;
let closed: SegmentRecord[];
let said: string[];
let r: CameraRecorder;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-audio-'));
  sinks = [];
  closed = [];
  said = [];
  r = new CameraRecorder(
    'cam',
    { ...CAMERA_DEFAULTS, mode: 'continuous', fps: 15 },
    {
      files: new SegmentFiles(dir),
      openSink: (_format, file, _w, _h, avcC, audio) => {
        mkdirSync(path.dirname(file), { recursive: true });
        const sink = new FakeSink(file, avcC ? 'copy' : 'encode');
        sinks.push({ sink, audio });
        return sink;
      },
      segmentMs: 60_000,
      silenceMs: 10_000,
      diskFull: () => false,
      onSegmentClosed: (s) => closed.push(s),
      onError: (why) => said.push(why),
      now: () => T0,
    },
  );
  r.expectH264();
});
afterEach(async () => {
  await r.close();
  rmSync(dir, { recursive: true, force: true });
});

/** 15 fps video (a keyframe every 30 units) with the 64 ms AAC frames captured up to each unit sent before it; `aac` may change or drop a frame. */
async function feed(ms: number, aac: (n: number, m: AacFrameMeta) => AacFrameMeta | null = (_n, m) => m): Promise<void> {
  let a = 0;
  for (let t = 0, n = 0; t < ms; t += 66, n++) {
    for (; a * 64 <= t; a++) {
      const meta = aac(a, { ...AAC, seq: a, capturedAt: T0 + a * 64 });
      if (meta) r.write('sound', { meta: { cameraId: 'cam', ...meta }, frame: Buffer.from([0x21, a & 0xff]) });
    }
    r.write('h264', recordedH264('cam', { seq: n, capturedAt: T0 + t, keyframe: n % 30 === 0, width: 320, height: 180 }, annexB(n % 30 === 0), T0 + t));
    await new Promise((res) => setImmediate(res));
  }
}

describe('CameraRecorder (recording by copy, with the camera’s AAC)', () => {
  it('opens the copy with an AAC track of the frames’ config and writes each frame at its own time, none before the first keyframe', async () => {
    await feed(4000);
    await r.close();
    const [{ sink, audio }] = sinks as [(typeof sinks)[0]];
    expect(audio).toEqual({ codec: 'aac', config: Buffer.from([0x14, 0x08]), sampleRate: 16000, channels: 1 });
    expect(closed[0]!.audio).toBe('aac');
    // The frame at 0 ms came before the keyframe that opened the file: the sound starts at the next, every 64 ms, nothing stretched.
    expect(sink.audioTimes.slice(0, 3)).toEqual([64, 128, 192]);
    expect(sink.audioTimes.every((t) => t >= 0)).toBe(true);
    expect(sink.audioTimes.length).toBeGreaterThan(55);
    expect(r.counts.kept).toBe(sink.times.length);
  });

  it('leaves a gap in the sound as a gap', async () => {
    await feed(3000, (n, m) => (n >= 10 && n < 20 ? null : m));
    await r.close();
    const times = sinks[0]!.sink.audioTimes;
    expect(times[8]).toBe(576);
    expect(times[9]).toBe(1280);
  });

  it('drops the sound after its config changes until the segment ends, and says so once', async () => {
    await feed(3000, (n, m) => (n >= 20 ? { ...m, config: '1188', sampleRate: 48000 } : m));
    await r.close();
    expect(sinks).toHaveLength(1);
    expect(sinks[0]!.sink.audioTimes).toHaveLength(19);
    expect(said).toEqual(["the camera's audio changed (config 1188, 48000 Hz): its sound is left out until this segment ends"]);
  });

  it('opens no AAC track when no sound came, and says the segment has none', async () => {
    await feed(2000, () => null);
    await r.close();
    expect(sinks[0]!.audio).toBeUndefined();
    expect(closed[0]!.audio).toBeUndefined();
  });

  it('starts a file with the AAC track at the next keyframe when the sound begins after the segment did', async () => {
    await feed(4000, (n, m) => (n < 5 ? null : { ...m, seq: m.seq }));
    await r.close();
    // Sound from 320 ms on: the first file (no track) ends at the keyframe at 1980 ms, the next has the track.
    expect(sinks.map((s) => !!s.audio)).toEqual([false, true]);
    // By start: the two files close in parallel (the rotation's close can finish after the shutdown's on a busy box).
    const byStart = [...closed].sort((x, y) => x.start - y.start);
    expect(byStart.map((s) => [s.endReason, s.audio])).toEqual([
      ['rotate', undefined],
      ['relay-down', 'aac'],
    ]);
    // The second file starts at the keyframe at 1980 ms; its sound at the frame captured at 1984 ms.
    expect(sinks[1]!.sink.audioTimes[0]).toBe(4);
  });
});
