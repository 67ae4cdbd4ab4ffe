/**
 * What the recorder records (#56 item 5): kinds of the relay's own tracks, read as every reader reads them. `jpeg` is
 * the cameras' frames (relay.jpeg), `h264` the live track whose units carry the camera side's meta (H264Unit.capture),
 * `sound` the AAC or Opus frames (relay.sound). A kind recorded is one line in RECORDED and a case in the recorder.
 */
import type { H264FrameMeta } from '../../shared/demand.js';
import type { Frame } from '../relay/frame.js';
import type { AacUnit } from '../tracks/audio-lane.js';
import type { H264Unit } from '../tracks/h264-lane.js';
import { Track } from '../tracks/track.js';
import { recordPolicy } from './record-lane.js';

/** Each kind the recorder records, and its unit. */
export interface RecordedUnits {
  jpeg: Frame;
  h264: H264Unit;
  sound: AacUnit;
}

export type RecordedKind = keyof RecordedUnits;

/** Per kind: the camera a unit is of, and its bytes (what the recorder's lanes bound). */
const RECORDED: { [K in RecordedKind]: { cameraOf: (unit: RecordedUnits[K]) => string; sizeOf: (unit: RecordedUnits[K]) => number } } = {
  jpeg: { cameraOf: (f) => f.cameraId, sizeOf: (f) => f.jpeg.length },
  h264: { cameraOf: (u) => u.meta.cameraId, sizeOf: (u) => u.au.length },
  sound: { cameraOf: (u) => u.meta.cameraId, sizeOf: (u) => u.frame.length },
};

export const RECORDED_KINDS = Object.keys(RECORDED) as readonly RecordedKind[];

/** What the recorder needs of a track: a reader's subscribe and unsubscribe, as every reader of a track has. */
export type RecordedTracks = { [K in RecordedKind]: Pick<Track<RecordedUnits[K]>, 'subscribe' | 'unsubscribe'> };

/** The bytes of a unit. */
export function recordedSize<K extends RecordedKind>(kind: K, unit: RecordedUnits[K]): number {
  return (RECORDED[kind].sizeOf as (u: RecordedUnits[K]) => number)(unit);
}

/** The camera a unit is of. */
export function recordedCamera<K extends RecordedKind>(kind: K, unit: RecordedUnits[K]): string {
  return (RECORDED[kind].cameraOf as (u: RecordedUnits[K]) => string)(unit);
}

/** Tracks of the recorded kinds on their own, with no relay: for a test or a bench that publishes into them. */
export function recordedTracks(): { [K in RecordedKind]: Track<RecordedUnits[K]> } {
  const track = <K extends RecordedKind>(kind: K) =>
    new Track<RecordedUnits[K]>({
      kind,
      policy: { name: 'every-unit', ...recordPolicy({ sizeOf: (u: RecordedUnits[K]) => recordedSize(kind, u) }) },
      cameraOf: (u) => recordedCamera(kind, u),
    });
  return { jpeg: track('jpeg'), h264: track('h264'), sound: track('sound') };
}

/** An access unit as the `h264` track carries one of this node's capture clients, for the recorder alone (no session yet). */
export function recordedH264(cameraId: string, capture: H264FrameMeta, au: Buffer, receivedAt: number): H264Unit {
  const { seq, capturedAt, width, height, keyframe } = capture;
  const meta = { cameraId, seq, epoch: 0, capturedAt, clockSynced: false, receivedAt, width, height, keyframe, codec: '' };
  return { meta, au, capture, live: false };
}
