/**
 * Live sound on the tiles (#40): which cameras this page listens to (muted on every visit: a browser lets sound
 * start only from a click), the `audio` list of the subscribe, and the relay's `aac` events decoded
 * (live-audio/aac-decoder.ts) and played in step with their capture times (live-audio/sound-out.ts).
 */
import type { LiveAacMeta } from '../../../shared/live-audio.js';
import { type AacDecoder, aacDecoder, soundDecoderKind } from '../live-audio/aac-decoder.js';
import { CameraSound, soundContext } from '../live-audio/sound-out.js';
import type { TileSound } from './tile-sound.js';

/** What the page's wiring needs of live sound: the tile action, the subscribe's list, and the relay's `aac` events. */
export interface LiveSound {
  listening(cameraId: string): boolean;
  toggleSound(cameraId: string): void;
  /** Of the cameras the page asks for, those it listens to (`SubscribeRequest.audio`). */
  asked(cameraIds: readonly string[]): string[];
  /** An `aac` event: acked, and played when it reads as a frame of a camera listened to. */
  take(meta: unknown, frame: unknown, ack: unknown): void;
}

interface Listening {
  decoder: AacDecoder;
  sound: CameraSound;
}

/** A frame's meta as the page takes it from the relay: the fields decoding reads, of the right types. */
export function isAacMeta(v: unknown): v is LiveAacMeta {
  if (typeof v !== 'object' || v === null) return false;
  const { cameraId, seq, capturedAt, sampleRate, channels, config, codec } = v as Record<string, unknown>;
  return (
    typeof cameraId === 'string' &&
    (codec === undefined || codec === 'opus') &&
    [seq, capturedAt, sampleRate, channels].every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    typeof config === 'string' &&
    /^(?:[0-9a-f]{2}){2,16}$/i.test(config)
  );
}

/** What live sound needs of a tile: its speaker, and its newest picture's delay behind capture (null: none yet). */
export interface SoundTile {
  sound: TileSound;
  latencyMs: number | null;
}

/** Live sound for the page's tiles (`tileOf`); `resubscribe` when the choice changes; `relayNow`: the relay's clock here. */
export function liveSound(tileOf: (cameraId: string) => SoundTile | undefined, resubscribe: () => void, relayNow: () => number = Date.now): LiveSound {
  const on = new Map<string, Listening>();
  let meter = 0;

  /** Lets go of a camera's decoder and output; true if it was listened to. */
  const release = (id: string): boolean => {
    const l = on.get(id);
    if (!l) return false;
    l.decoder.close();
    l.sound.close();
    on.delete(id);
    return true;
  };
  const stop = (id: string) => {
    if (release(id)) tileOf(id)?.sound.to('off');
  };
  /**
   * A sound this page cannot play is asked for no more, so the camera side stops sending it (a phone's microphone
   * closes); the tile keeps saying why, and a click tries again. After the call that made the decoder, which may fail in it.
   */
  const failed = (id: string, why: string) =>
    queueMicrotask(() => {
      release(id);
      tileOf(id)?.sound.to('failed', why);
      resubscribe();
    });

  // The meters move while something plays, one animation frame at a time (none while nothing is listened to).
  const draw = () => {
    meter = 0;
    for (const [id, l] of on) tileOf(id)?.sound.level(l.sound.level());
    if (on.size > 0) meter = requestAnimationFrame(draw);
  };

  const start = (id: string) => {
    const tile = tileOf(id);
    if (!tile?.sound.available) return;
    // Made in the click itself: the browser lets this context play.
    const context = soundContext();
    const kind = soundDecoderKind();
    const sound = new CameraSound(context, kind);
    const decoder = aacDecoder(
      context,
      (buffer, capturedAt) => {
        const startsInMs = sound.play(buffer, capturedAt, relayNow(), tileOf(id)?.latencyMs ?? null);
        tileOf(id)?.sound.playing();
        // Automation hook (tests and the sync bench): when each piece plays; costs nothing unless a page script sets it.
        (window as { __camrelayOnSound?: (s: object) => void }).__camrelayOnSound?.({ cameraId: id, capturedAt, startsInMs, at: performance.now(), kind });
      },
      (why) => failed(id, why),
      kind,
    );
    on.set(id, { decoder, sound });
    tile.sound.to('waiting');
    if (!meter) meter = requestAnimationFrame(draw);
  };

  return {
    listening: (id) => on.has(id),
    toggleSound: (id) => {
      if (on.has(id)) stop(id);
      else start(id);
      resubscribe();
    },
    asked: (ids) => {
      // A camera whose sound was turned off (or that left) stops here too.
      for (const id of [...on.keys()]) if (!tileOf(id)?.sound.available) stop(id);
      return ids.filter((id) => on.has(id));
    },
    take: (meta, frame, ack) => {
      if (typeof ack === 'function') (ack as () => void)();
      if (!isAacMeta(meta) || !(frame instanceof ArrayBuffer || ArrayBuffer.isView(frame))) return;
      const bytes = frame instanceof ArrayBuffer ? new Uint8Array(frame) : new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
      on.get(meta.cameraId)?.decoder.push(meta, bytes);
    },
  };
}
