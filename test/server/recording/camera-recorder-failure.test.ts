/**
 * A recorder whose write throws (#37: the avcC writer's RangeError, reached from the pump, was an
 * unhandled rejection that ended the relay): the camera's recorder says the error, drops what waits,
 * and starts again after its retry time; nothing reaches the event loop.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CameraRecorder } from '../../../server/recording/camera-recorder.js';
import { mkvFrame, mkvHeader } from '../../../server/recording/mkv.js';
import { SegmentFiles } from '../../../server/recording/segment-files.js';
import { CAMERA_DEFAULTS } from '../../../server/recording/settings.js';
import { waitFor } from '../../helpers/wait.js';
import { FakeSink, frameAt } from './fakes.js';

/** A sink whose first write throws as a Buffer write past its range does. */
class ThrowingSink extends FakeSink {
  static armed = true;
  override write(ms: number): boolean {
    if (ThrowingSink.armed) {
      ThrowingSink.armed = false;
      throw new RangeError('The value of "value" is out of range. It must be >= 0 and <= 65535. Received 70000');
    }
    return super.write(ms);
  }
}

const T0 = Date.parse('2026-11-24T10:00:00Z');
let dir: string;
let clock: number;
let errors: string[];
let sinks: ThrowingSink[];
let r: CameraRecorder;
const unhandled = vi.fn();

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-recorder-failure-'));
  clock = T0;
  errors = [];
  sinks = [];
  ThrowingSink.armed = true;
  process.on('unhandledRejection', unhandled);
  r = new CameraRecorder(
    'cam',
    { ...CAMERA_DEFAULTS, mode: 'continuous', fps: 15 },
    {
      files: new SegmentFiles(dir),
      openSink: (_format, file) => {
        mkdirSync(path.dirname(file), { recursive: true });
        const sink = new ThrowingSink(file);
        sinks.push(sink);
        return sink;
      },
      segmentMs: 60_000,
      silenceMs: 10_000,
      retryMs: 2000,
      diskFull: () => false,
      onSegmentClosed: () => {},
      onError: (why) => errors.push(why),
      onFallback: () => {},
      now: () => clock,
    },
  );
});
afterEach(async () => {
  await r.close();
  process.off('unhandledRejection', unhandled);
  rmSync(dir, { recursive: true, force: true });
});

describe('CameraRecorder', () => {
  describe('a write that throws', () => {
    it('puts the camera in a stated error, not the process, and records again after its retry time', async () => {
      r.write('jpeg', frameAt(clock, 0));
      await waitFor(() => r.state === 'error', 'the recorder in error');
      expect(r.error).toContain('out of range');
      expect(errors).toEqual([expect.stringContaining('the recorder failed: The value of "value" is out of range')]);
      // Frames in the retry time are dropped as errors; after it, a new segment takes them.
      clock += 1000;
      r.write('jpeg', frameAt(clock, 1));
      clock += 1500;
      r.write('jpeg', frameAt(clock, 2));
      await waitFor(() => r.state === 'recording', 'the recorder recording again');
      expect(sinks.at(-1)!.times).toEqual([0]);
      expect(unhandled).not.toHaveBeenCalled();
    });
  });

  describe('a segment whose ffmpeg was killed as it ended', () => {
    it('records the frames its file holds, not those sent to it, and says how many were lost', async () => {
      ThrowingSink.armed = false;
      const closed: Array<{ frames: number; end: number; start: number; reason?: string | null }> = [];
      const said: string[] = [];
      const rec = new CameraRecorder(
        'cam3',
        { ...CAMERA_DEFAULTS, mode: 'continuous', format: 'jpeg', fps: 15 },
        {
          files: new SegmentFiles(dir),
          openSink: (_format, file) => {
            mkdirSync(path.dirname(file), { recursive: true });
            const sink = new ThrowingSink(file, 'file');
            // Killed before it wrote more than the header and the first frame of the three it was handed.
            sink.close = async () => {
              writeFileSync(file, Buffer.concat([mkvHeader(1280, 720), ...mkvFrame(0, Buffer.from([0xff, 0xd8, 0xff, 0xd9]))]));
              sink.failure = 'ffmpeg exited with SIGKILL';
            };
            return sink;
          },
          segmentMs: 60_000,
          silenceMs: 10_000,
          diskFull: () => false,
          onSegmentClosed: (s) => closed.push({ frames: s.frames, end: s.end, start: s.start, reason: s.endReason }),
          onError: (why) => said.push(why),
          onFallback: () => {},
          now: () => clock,
        },
      );
      for (let i = 0; i < 3; i++) rec.write('jpeg', frameAt(clock + i * 200, i, 'cam3'));
      await waitFor(() => rec.state === 'recording', 'recording');
      await rec.close();
      // Ended by the relay's stop here: relay-down, with the frames as the file has them.
      expect(closed).toEqual([{ frames: 1, start: clock, end: clock, reason: 'relay-down' }]);
      expect(said).toContainEqual(expect.stringMatching(/holds 1 of the 3 frames sent to it \(ffmpeg exited with SIGKILL\): the rest are lost/));
    });
  });

  describe('a relay stop whose ffmpeg fails as it ends', () => {
    it('keeps the segment ended as relay-down, not as a recording error', async () => {
      ThrowingSink.armed = false;
      const closed: string[] = [];
      const rec = new CameraRecorder(
        'cam2',
        { ...CAMERA_DEFAULTS, mode: 'continuous', fps: 15 },
        {
          files: new SegmentFiles(dir),
          openSink: (_format, file) => {
            mkdirSync(path.dirname(file), { recursive: true });
            const sink = new ThrowingSink(file);
            // Ctrl-C in a terminal reaches ffmpeg too: it exits 255 as the relay closes.
            sink.close = async () => void (sink.failure = 'ffmpeg exited with code 255');
            return sink;
          },
          segmentMs: 60_000,
          silenceMs: 10_000,
          diskFull: () => false,
          onSegmentClosed: (s) => closed.push(s.endReason ?? 'none'),
          onError: () => {},
          onFallback: () => {},
          now: () => clock,
        },
      );
      rec.write('jpeg', frameAt(clock, 0, 'cam2'));
      await waitFor(() => rec.state === 'recording', 'recording');
      await rec.close();
      expect(closed).toEqual(['relay-down']);
    });
  });
});
