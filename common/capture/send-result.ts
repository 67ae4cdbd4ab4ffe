/** The outcome of one frame sent to the relay, for every camera sender (Node capture client, browser camera). */
import type { FrameAck } from '../../shared/protocol.js';

/**
 * The outcome of one send: the server's ack, a transport failure (timeout, network), or a unit the uplink's policy
 * dropped before it went (`DROPPED`, uplink-lanes.ts): never on the wire, so never an error code of the relay's.
 */
export type SendResult = FrameAck | { ok: false; error: 'TIMEOUT' | 'NETWORK' | 'DROPPED'; message: string };
