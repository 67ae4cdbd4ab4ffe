/** The capture client's `--transport` values: `auto`, or one sender of its table by name (common/capture/picker.ts chooses). */
import { SENDER_NAMES, type SenderName } from './senders/index.js';

export type CaptureTransport = 'auto' | SenderName;
export const CAPTURE_TRANSPORTS: readonly CaptureTransport[] = ['auto', ...SENDER_NAMES];
