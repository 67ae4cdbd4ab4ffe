/**
 * The media the recorder reads, as tracks (#56 item 5): the camera side's JPEGs, H.264 and AAC of this node's
 * capture clients. Until the relay publishes JPEG and H.264 as tracks of its own, this adapter turns today's
 * listeners (relay.onLocalFrame, relay.h264.onH264, relay.h264.onAac) into one Track per kind, so the recorder
 * already reads each medium the one way every reader does; at the merge these tracks give way to the relay's.
 */
import type { AacFrameMeta, H264FrameMeta } from '../../shared/demand.js';
import type { Frame } from '../relay/frame.js';
import type { AacListener, H264Listener } from '../relay/local-h264.js';
import { Track } from '../tracks/track.js';
import { recordPolicy } from './record-lane.js';

/** One H.264 access unit of a camera side (Annex B), its capture time already on the server clock. */
export interface RecordedH264 {
  cameraId: string;
  meta: H264FrameMeta;
  au: Buffer;
  receivedAt: number;
}

/** One AAC frame (or Opus packet) of the same camera's main stream. */
export interface RecordedAac {
  cameraId: string;
  meta: AacFrameMeta;
  frame: Buffer;
}

/** Each kind the recorder records, and its unit. */
export interface RecordedUnits {
  jpeg: Frame;
  h264: RecordedH264;
  aac: RecordedAac;
}

export type RecordedKind = keyof RecordedUnits;

export const RECORDED_KINDS: readonly RecordedKind[] = ['jpeg', 'h264', 'aac'];

/** What the recorder needs of a track: a reader's subscribe and unsubscribe, as every reader of a track has. */
export type RecordedTracks = { [K in RecordedKind]: Pick<Track<RecordedUnits[K]>, 'subscribe' | 'unsubscribe'> };

/** The bytes of a unit: what the recorder's lanes bound. */
export function recordedSize<K extends RecordedKind>(kind: K, unit: RecordedUnits[K]): number {
  if (kind === 'jpeg') return (unit as Frame).jpeg.length;
  if (kind === 'h264') return (unit as RecordedH264).au.length;
  return (unit as RecordedAac).frame.length;
}

/** The relay's listeners this adapter wraps. */
export interface RecordedSources {
  onLocalFrame(listener: (frame: Frame) => void): void;
  h264: { onH264(listener: H264Listener): void; onAac(listener: AacListener): void };
}

/** One track per recorded kind; fed from `sources` when given (tests publish into them). */
export function recordedTracks(sources?: RecordedSources): { [K in RecordedKind]: Track<RecordedUnits[K]> } {
  // The recorder is their only reader and brings its own policy; the kind's is the one it would read by too.
  const track = <K extends RecordedKind>(kind: K, cameraOf: (u: RecordedUnits[K]) => string) =>
    new Track<RecordedUnits[K]>({ kind, policy: { name: 'every-unit', ...recordPolicy({ sizeOf: (u) => recordedSize(kind, u) }) }, cameraOf });
  const tracks = {
    jpeg: track('jpeg', (f) => f.cameraId),
    h264: track('h264', (u) => u.cameraId),
    aac: track('aac', (u) => u.cameraId),
  };
  sources?.onLocalFrame((frame) => tracks.jpeg.publish(frame));
  sources?.h264.onH264((cameraId, meta, au, receivedAt) => tracks.h264.publish({ cameraId, meta, au, receivedAt }));
  sources?.h264.onAac((cameraId, meta, frame) => tracks.aac.publish({ cameraId, meta, frame }));
  return tracks;
}
