/** The outcome of one frame sent to the relay, for every camera sender (Node capture client, browser camera). */
import type { FrameAck } from '../../shared/protocol.js';

/** The outcome of one send: the server's ack, or a transport failure (timeout, network). */
export type SendResult = FrameAck | { ok: false; error: 'TIMEOUT' | 'NETWORK'; message: string };
