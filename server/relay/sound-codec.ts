/**
 * The sound kind's bytes between nodes (track-bus.ts): one AAC or Opus frame, 24 bytes and its config ahead of its
 * bytes, checked on the way in as a capture side's frame is (Redis is shared).
 */
import type { AacUnit } from '../tracks/audio-lane.js';
import { checkAac } from './unit-check.js';

/**
 * A frame on its way between nodes, 24 bytes and its config ahead of its bytes (JSON took about 105 a frame, 40 kbit/s
 * for 47 frames a second): version, Opus or AAC, channels, the config's length, the sample rate, seq and capture time
 * (doubles), the config, then the frame. The camera is the channel's.
 */
const VERSION = 1;
const HEAD = 24;

export function encodeSound(unit: AacUnit): Buffer {
  const { seq, capturedAt, sampleRate, channels, config, codec } = unit.meta;
  const cfg = Buffer.from(config, 'hex');
  const head = Buffer.alloc(HEAD);
  head.writeUInt8(VERSION, 0);
  head.writeUInt8(codec === 'opus' ? 1 : 0, 1);
  head.writeUInt8(channels, 2);
  head.writeUInt8(cfg.length, 3);
  head.writeUInt32BE(sampleRate, 4);
  head.writeDoubleBE(seq, 8);
  head.writeDoubleBE(capturedAt, 16);
  return Buffer.concat([head, cfg, unit.frame]);
}

/** The frame of `cameraId`, checked as a capture side's is, or null for anything else: it is dropped, the node goes on. */
export function decodeSound(cameraId: string, buf: Buffer): AacUnit | null {
  if (!Buffer.isBuffer(buf) || buf.length < HEAD || buf.readUInt8(0) !== VERSION) return null;
  const end = HEAD + buf.readUInt8(3);
  if (buf.length <= end) return null;
  const m = {
    seq: buf.readDoubleBE(8),
    capturedAt: buf.readDoubleBE(16),
    sampleRate: buf.readUInt32BE(4),
    channels: buf.readUInt8(2),
    config: buf.subarray(HEAD, end).toString('hex'),
    ...(buf.readUInt8(1) === 1 ? { codec: 'opus' } : {}),
  };
  // Frames come in order from the one publisher: no seq to compare with (a camera that reconnects starts again at 0).
  const checked = checkAac(m, buf.subarray(end), -1);
  if (!checked.ok) return null;
  const { seq, capturedAt, sampleRate, channels, config, codec } = checked.value.meta;
  return { meta: { cameraId, seq, capturedAt, sampleRate, channels, config, ...(codec ? { codec } : {}) }, frame: checked.value.frame };
}
