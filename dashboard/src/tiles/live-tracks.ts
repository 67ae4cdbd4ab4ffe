/**
 * The tracks a tile adds to its picture (#38): the detector's boxes (#39) and the camera's sound (#40), built for the
 * page's tiles in one place, with the tile actions they answer and the relay events they take.
 */
import type { MonitorSocket } from '../connection/connection.js';
import { liveBoxes, type LiveBoxes } from './live-boxes.js';
import { liveSound, type LiveSound, type SoundTile } from './live-sound.js';
import type { TileActions } from './tile-actions.js';
import type { TileBoxes } from './live-boxes.js';

export interface LiveTracks {
  boxes: LiveBoxes;
  sound: LiveSound;
  /** The tile actions of both. */
  actions: Pick<TileActions, 'boxesOn' | 'toggleBoxes' | 'listening' | 'toggleSound'>;
  /** Takes the relay's `objects` and `aac` events on `socket`. */
  listen(socket: MonitorSocket): void;
}

export function liveTracks(page: {
  tileOf: (cameraId: string) => (SoundTile & { boxes: TileBoxes }) | undefined;
  resubscribe: () => void;
  /** The relay's clock on this page (connection/clock.ts): sound is played in step with the pictures by it. */
  clock: { now(): number };
}): LiveTracks {
  const { tileOf, resubscribe, clock } = page;
  const boxes = liveBoxes(tileOf, resubscribe);
  const sound = liveSound(tileOf, resubscribe, () => clock.now());
  return {
    boxes,
    sound,
    actions: { boxesOn: boxes.boxesOn, toggleBoxes: boxes.toggleBoxes, listening: sound.listening, toggleSound: sound.toggleSound },
    listen(socket) {
      socket.on('objects', (look, ack) => boxes.take(look, ack));
      socket.on('aac', (meta, frame, ack) => sound.take(meta, frame, ack));
    },
  };
}
