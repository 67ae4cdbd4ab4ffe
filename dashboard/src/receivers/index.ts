/**
 * The ways frames reach the Live Monitor, one line each, named after the server's transports
 * (server/transports/index.ts). A new one is a folder here and a line below.
 */
import type { ReceiverModule } from './receiver.js';
import { socketio } from './socketio/index.js';
import { webrtc } from './webrtc/index.js';

// Order matters: an upgrade comes after what it upgrades (ReceiverSet#link), probes show in this order.
export const receivers: readonly ReceiverModule[] = [socketio, webrtc];
