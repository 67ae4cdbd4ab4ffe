/**
 * The live H.264 kind (#30, #56): the camera side's full-size stream, `h264`, read by viewers of every transport and
 * by the recorder; each rung stream it makes for grid tiles is a track of its own, `h264@<width>` (live-h264.ts makes
 * them all). Between nodes each access unit goes as one message (unit-codec.ts), every rung's on its own channel; one
 * from another node goes through LiveH264, which notes its codec and when its stream was last heard.
 */
import type { Track } from '../tracks/track.js';
import type { H264Unit } from '../tracks/h264-lane.js';
import type { KindContext, RelayKind } from './kind.js';
import { h264BusKind } from './unit-codec.js';

export function liveH264Kind(c: KindContext): RelayKind<Track<H264Unit>> {
  const live = c.cameraSide.live;
  return { track: live.trackOf(null), bus: live.rungs().map((rung) => h264BusKind(live.trackOf(rung), rung, (unit) => live.offerRemote(rung, unit))) };
}
