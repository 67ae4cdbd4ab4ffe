/**
 * The jpeg kind (#56): the cameras' frames as they came, newest frame wins per reader (fan-out.ts makes the track and
 * one per rung). Between nodes each frame goes as one message (frame-codec.ts); one from another node becomes
 * the camera's newest frame here before it is published, so snapshots and a viewer that comes see it.
 */
import { decodeJpeg, encodeJpeg } from './frame-codec.js';
import type { Track } from '../tracks/track.js';
import type { Frame } from './frame.js';
import type { KindContext, RelayKind } from './kind.js';

export function jpegKind(c: KindContext): RelayKind<Track<Frame>> {
  const track = c.fan.native;
  // A camera that is (also) live here is served from here (the bus never takes back a local camera's frames).
  return { track, bus: [{ track, encode: encodeJpeg, decode: decodeJpeg, take: c.injectRemote }] };
}
