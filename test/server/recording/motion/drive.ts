/**
 * Drives a recording manager with the moving-square scene as a 15 fps camera would, on a fake clock:
 * frames carry capture stamps, the manager's clock follows them, and each detection is waited for
 * as a live camera's pace would allow, so 60 s of camera take a few seconds.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { recordedTracks } from '../../../../server/recording/record-tracks.js';
import { RecordingManager, type ManagerOptions } from '../../../../server/recording/recording-manager.js';
import { RECORDING_DEFAULTS, type CameraRecordingChange, type RecordingConfig } from '../../../../server/recording/settings.js';
import { FakeSink, jpegFrame } from '../fakes.js';
import { SCENE_H, SCENE_W, sceneJpeg, type SceneOptions } from './scene.js';

export const T0 = Date.parse('2026-11-23T10:00:00Z');
const FPS = 15;

export interface Driven {
  m: RecordingManager;
  /** Offers `seconds` of camera from where the last call stopped, the scene of each moment (ms from T0) given by `at`. */
  play(seconds: number, at: (ms: number) => SceneOptions): Promise<void>;
}

/** A manager recording `cam` with `camera`'s settings into `dir`, with fake sinks and a clock that follows the frames. */
export async function drive(
  dir: string,
  camera: CameraRecordingChange,
  options: Omit<Partial<ManagerOptions>, 'config'> & { config?: Partial<RecordingConfig> } = {},
): Promise<Driven> {
  let clock = T0;
  let seq = 0;
  const m = new RecordingManager({
    dataDir: dir,
    ffmpeg: () => 'no ffmpeg in unit tests',
    silenceMs: 5000,
    freeBytes: async () => 1e12,
    now: () => clock,
    openSink: (_format, file) => {
      mkdirSync(path.dirname(file), { recursive: true });
      return new FakeSink(file);
    },
    ...options,
    config: { ...RECORDING_DEFAULTS, ...options.config, cameras: { cam: camera } },
  });
  await m.start();
  const tracks = recordedTracks();
  m.read(tracks);
  m.follow(['cam']);
  const play = async (seconds: number, at: (ms: number) => SceneOptions) => {
    for (const end = seq + seconds * FPS; seq < end; seq++) {
      const ms = Math.round((seq * 1000) / FPS);
      clock = T0 + ms;
      tracks.jpeg.publish(jpegFrame(clock, seq, await scene({ noise: 6, seed: seq % 10, ...at(ms) }), SCENE_W, SCENE_H));
      await m.detection.idle();
    }
    await m.events.idle();
  };
  return { m, play };
}

/** The same pictures come back often (a still scene, ten noise patterns): encoded once each. */
const cache = new Map<string, Promise<Buffer>>();
function scene(o: SceneOptions): Promise<Buffer> {
  const key = JSON.stringify(o);
  if (!cache.has(key)) cache.set(key, sceneJpeg(o));
  return cache.get(key)!;
}

/** A square that sits still until `from`, moves right and back at 150 px/s for `forMs`, then stops. */
export const square =
  (from: number, forMs: number, y = 150) =>
  (ms: number): SceneOptions => {
    const t = Math.min(Math.max(0, ms - from), forMs) / 1000;
    const travel = (t * 150) % 800;
    return { square: { x: 60 + (travel < 400 ? travel : 800 - travel), y } };
  };
