/** Recordings as a recorder leaves them, written straight to a relay's folder, and a camera's frame by HTTP POST. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SegmentRecord } from '../../server/recording/segment-files.js';
import { makeJpeg } from './jpeg.js';
import type { TestServer } from './server.js';

/** A closed JPEG-keeping segment of `bytes` bytes starting at `start` (ms), with its sidecar. */
export async function writeSegment(server: TestServer, camera: string, start: number, bytes: number): Promise<void> {
  const { files } = server.recording;
  const record: SegmentRecord = {
    id: String(start),
    camera,
    start,
    end: start + 60_000,
    frames: 60,
    bytes,
    format: 'jpeg',
    width: 64,
    height: 48,
    state: 'closed',
    endReason: 'rotate',
  };
  mkdirSync(path.dirname(files.mediaPath(record)), { recursive: true });
  writeFileSync(files.mediaPath(record), Buffer.alloc(bytes, 1));
  await files.writeSidecar(record);
}

/** One frame of camera `id` by HTTP POST with the site-wide token: the relay knows the camera after it. */
export async function postFrame(server: TestServer, id: string, seq = 1): Promise<number> {
  const headers = {
    authorization: `Bearer ${server.captureToken}`,
    'content-type': 'image/jpeg',
    'x-frame-seq': String(seq),
    'x-captured-at': String(Date.now()),
  };
  const res = await fetch(`${server.url}/api/cameras/${id}/frames`, { method: 'POST', body: (await makeJpeg()) as Uint8Array<ArrayBuffer>, headers });
  return res.status;
}
