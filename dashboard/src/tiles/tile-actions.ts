/** What a camera tile may ask of the page around it (main.ts wires each to the page's parts). */
import type { JpegReason } from '../../../shared/live-video.js';
import type { Pin } from './rung-pins.js';

export interface TileActions {
  open(cameraId: string): void;
  links(cameraId: string): void;
  /** The picture size the person chose for the camera, and the choice of it (rung-pins.ts). */
  pinOf?(cameraId: string): Pin;
  pin?(cameraId: string, pin: Pin): void;
  /** The person paused or resumed the camera here: the page stops or starts asking the relay for it. */
  paused?(cameraId: string): void;
  /** The camera's H.264 failed here (#30): the page asks for JPEG, and H.264 again later. */
  fellBack?(cameraId: string, reason: JpegReason, detail: string): void;
  /** Whether this browser shows the camera's detector boxes, and the toggle of it (live-boxes.ts). */
  boxesOn?(cameraId: string): boolean;
  toggleBoxes?(cameraId: string): void;
  /** Whether this page listens to the camera, and the speaker's click (live-sound.ts, #40). */
  listening?(cameraId: string): boolean;
  toggleSound?(cameraId: string): void;
  /** The codec indicator's words for the camera, drawn now as `shown`, its tile live or not (live-video/live-codecs.ts). */
  codecWord?(cameraId: string, shown: 'h264' | 'jpeg', drawing: boolean): { codec: string; why: string };
}
