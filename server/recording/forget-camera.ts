/**
 * A deleted camera's recordings: what its folder holds (for the question the Admin drawer asks
 * before deleting), and removing that one folder. The folder is the recordings root joined with a
 * checked camera id, and checked again to be a direct child of the root: nothing else can go.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { CamrelayError } from '../../shared/errors.js';
import { CAMERA_ID_PATTERN } from '../../shared/protocol.js';
import type { RecordingsSummary } from '../../shared/recording-status.js';
import type { RecordingManager } from './recording-manager.js';
import { own, unexpected } from '../../common/own.js';

/** Longest wait for a recorder to finish its open segment before its folder goes. */
const STOP_WAIT_MS = 10_000;

export type { RecordingsSummary };

/** The camera's own folder under the recordings root, or an error: never anything else. */
export function cameraFolder(manager: Pick<RecordingManager, 'files'>, camera: string): string {
  if (!CAMERA_ID_PATTERN.test(camera)) throw new CamrelayError('BAD_CAMERA_ID');
  const root = path.resolve(manager.files.root);
  const dir = path.resolve(manager.files.cameraDir(camera));
  if (path.dirname(dir) !== root || path.basename(dir) !== camera) throw new CamrelayError('BAD_CAMERA_ID');
  return dir;
}

export async function summarizeRecordings(manager: Pick<RecordingManager, 'files' | 'index'>, camera: string): Promise<RecordingsSummary> {
  cameraFolder(manager, camera);
  const days = await manager.index.daysOf(camera);
  const segments = await manager.index.all(camera);
  return {
    camera,
    segments: segments.length,
    bytes: segments.reduce((sum, s) => sum + s.bytes, 0),
    days: days.length,
    firstDay: days[0] ?? null,
    lastDay: days.at(-1) ?? null,
  };
}

/**
 * Deletes every recording and event of one camera. A recorder writing to the folder is stopped
 * first (its open segment finished), then given back its mode, so a camera that comes back records
 * again into a fresh folder. Other cameras' folders are not touched.
 */
export async function forgetRecordings(
  manager: Pick<RecordingManager, 'files' | 'index' | 'retention' | 'recorderCameras' | 'configure' | 'status'>,
  camera: string,
  now: () => number = Date.now,
): Promise<RecordingsSummary> {
  const dir = cameraFolder(manager, camera);
  const mode = manager.status(camera).settings.mode;
  const recording = mode !== 'off' && manager.recorderCameras().includes(camera);
  if (recording) {
    await manager.configure(camera, { mode: 'off' });
    await finishedWriting(manager, camera, now() + STOP_WAIT_MS, now);
  }
  const summary = await summarizeRecordings(manager, camera);
  const days = await manager.index.daysOf(camera);
  await rm(dir, { recursive: true, force: true });
  for (const day of days) manager.index.touched(camera, Date.parse(day));
  manager.retention.bytes.delete(camera);
  if (recording) await manager.configure(camera, { mode });
  // Room was made: a full disk may not be full any more.
  own(manager.retention.sweep(), unexpected('a retention sweep'));
  return summary;
}

/** Waits until the recorder's queue is written and no segment of the camera is open by this process, or the deadline. */
async function finishedWriting(manager: Pick<RecordingManager, 'index' | 'status'>, camera: string, deadline: number, now: () => number): Promise<void> {
  for (;;) {
    const queued = manager.status(camera).queued > 0;
    const open = (await manager.index.all(camera)).some((s) => s.state === 'open' && s.writer?.pid === process.pid);
    if ((!queued && !open) || now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
