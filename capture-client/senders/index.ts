/** Sender name → module: the one table that knows every way the capture client sends frames. */
import type { Transport } from '../../shared/protocol.js';
import { HttpSender } from './http.js';
import type { SenderContext, SenderModule, SenderRole } from './sender.js';
import { SocketioSender } from './socketio.js';
import { WebrtcSender } from './webrtc.js';

/** Keys are `Transport` names and `--transport` values; within a role, the first line is the one `auto` uses. */
export const SENDERS = {
  socketio: SocketioSender,
  http: HttpSender,
  webrtc: WebrtcSender,
} as const satisfies { readonly [N in Transport]?: SenderModule };

export type SenderName = keyof typeof SENDERS;

export const SENDER_NAMES = Object.keys(SENDERS) as SenderName[];

/** The names of the senders that play `role`. */
export type SenderNameOf<R extends SenderRole> = { [N in SenderName]: (typeof SENDERS)[N]['role'] extends R ? N : never }[SenderName];

type EventOf<M> = M extends { create(ctx: SenderContext<infer E>): unknown } ? E : never;

/** Everything the senders in the table report. */
export type SenderEvent = { [N in SenderName]: EventOf<(typeof SENDERS)[N]> }[SenderName];
