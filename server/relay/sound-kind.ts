/**
 * The sound kind (#40, #56): the camera side makes its track (camera-side.ts), as its readers shape what each
 * capture connection is asked for; between nodes every frame goes as one message (sound-codec.ts).
 */
import type { KindContext, RelayKind } from './kind.js';
import { decodeSound, encodeSound } from './sound-codec.js';
import type { SoundTrack } from './sound-track.js';

export function soundKind(c: KindContext): RelayKind<SoundTrack> {
  const track = c.cameraSide.sound;
  return { track, bus: [{ track, encode: encodeSound, decode: decodeSound }] };
}
