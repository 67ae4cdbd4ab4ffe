/** The transports the server runs, one line each; the core never imports them. */
import type { TransportModule } from './context.js';
import { http } from './http/index.js';
import { mjpeg } from './mjpeg/index.js';
import { socketio } from './socketio/index.js';
import { webrtc } from './webrtc/index.js';

export const transports: TransportModule[] = [socketio, http, mjpeg, webrtc];
