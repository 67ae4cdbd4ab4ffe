/** The senders every camera sender has, Node or browser: the capture page's whole table, the first lines of the capture client's. */
import { HttpSender } from './http.js';
import { SocketioSender } from './socketio.js';

/** Within a role, the first line is the one `auto` uses. */
export const CAPTURE_SENDERS = {
  socketio: SocketioSender,
  http: HttpSender,
} as const;
