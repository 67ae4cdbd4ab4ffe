/** Frames between nodes: a 4-byte length, the metadata as JSON, then the JPEG. Binary, no base64. */
import type { Link, MonitorFrameMeta } from '../../shared/protocol.js';
import type { Frame } from './frame.js';

export interface WireFrame {
  meta: MonitorFrameMeta;
  link: Link;
  jpeg: Buffer;
}

export function encodeFrame(meta: MonitorFrameMeta, link: Link, jpeg: Buffer): Buffer {
  const head = Buffer.from(JSON.stringify({ meta, link }), 'utf8');
  const len = Buffer.allocUnsafe(4);
  len.writeUInt32BE(head.length, 0);
  return Buffer.concat([len, head, jpeg]);
}

/** Null for anything malformed: Redis is shared, and a bad message must not stop the node. */
export function decodeFrame(buf: Buffer): WireFrame | null {
  if (buf.length < 4) return null;
  const headLength = buf.readUInt32BE(0);
  if (headLength > 4096 || 4 + headLength > buf.length) return null;
  try {
    const { meta, link } = JSON.parse(buf.subarray(4, 4 + headLength).toString('utf8')) as { meta: MonitorFrameMeta; link: Link };
    if (typeof meta?.cameraId !== 'string' || typeof meta.seq !== 'number') return null;
    // Viewers order frames by epoch first (ms-sized numbers): one that is not an integer would stop
    // every later frame of the camera from counting as newer.
    if (!Number.isSafeInteger(meta.epoch)) return null;
    return { meta, link, jpeg: buf.subarray(4 + headLength) };
  } catch {
    return null;
  }
}

/** The `jpeg` kind on the cluster's track bus (track-bus.ts): a frame as these bytes, and back as the frame of `cameraId` (relay.injectRemote orders it). */
export const encodeJpeg = (frame: Frame): Buffer => encodeFrame(frame.meta, frame.link, frame.jpeg);

export function decodeJpeg(cameraId: string, buf: Buffer): Frame | null {
  const w = decodeFrame(buf);
  if (!w || w.meta.cameraId !== cameraId) return null;
  const { meta, link, jpeg } = w;
  return { cameraId, seq: meta.seq, capturedAt: meta.capturedAt, receivedAt: meta.receivedAt, link, jpeg, meta };
}
