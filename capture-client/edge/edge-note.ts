/** The H.264 part of the capture client's status line: the encoder, and the uplink's bytes and holes while it runs. */
import { describePick, type EncoderPick, pickEncoder } from './encoder-pick.js';
import type { UplinkBuffer } from './uplink-buffer.js';

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** E.g. `H.264: h264_qsv, uplink 3.1 MB sent, 0.2 MB waiting, 1 hole`; just the encoder while the relay asks for none. */
export function edgeNote(pick: EncoderPick, uplink: UplinkBuffer | null): string {
  const encoder = describePick(pick);
  if (!uplink) return encoder;
  const holes = uplink.stats.holes === 1 ? '1 hole' : `${uplink.stats.holes} holes`;
  return `${encoder}, uplink ${megabytes(uplink.stats.ackedBytes)} sent, ${megabytes(uplink.bytes)} waiting, ${holes}`;
}

/** The --list-devices line naming the H.264 encoder this PC's ffmpeg really opens, e.g. `H.264: h264_qsv`. */
export async function h264Line(ffmpegPath?: string): Promise<string> {
  return describePick(await pickEncoder(ffmpegPath === undefined ? {} : { ffmpegPath }));
}
