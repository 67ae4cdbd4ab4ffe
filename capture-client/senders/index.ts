/** Sender name → module: the one table that knows every way the capture client sends frames. */
import type { TableEvent } from '../../common/capture/engine.js';
import type { SenderModule, SenderRole } from '../../common/capture/sender.js';
import { CAPTURE_SENDERS } from '../../common/capture/senders/index.js';
import type { Transport } from '../../shared/protocol.js';
import { WebrtcSender } from './webrtc.js';

/**
 * Keys are `Transport` names and `--transport` values; within a role, the first line is the one `auto`
 * uses. The capture page's table is the common lines alone: WebRTC's upgrade runs on werift, Node only.
 */
export const SENDERS = {
  ...CAPTURE_SENDERS,
  webrtc: WebrtcSender,
} as const satisfies { readonly [N in Transport]?: SenderModule };

export type SenderName = keyof typeof SENDERS;

export const SENDER_NAMES = Object.keys(SENDERS) as SenderName[];

/** The names of the senders that play `role`. */
export type SenderNameOf<R extends SenderRole> = { [N in SenderName]: (typeof SENDERS)[N]['role'] extends R ? N : never }[SenderName];

/** Everything the senders in the table report. */
export type SenderEvent = TableEvent<typeof SENDERS>;
