/** How a refused Socket.IO handshake reaches the client: `connect_error` with the code in `err.data`. */
import type { CamrelayError } from '../../../shared/errors.js';

/** Errors passed to a namespace middleware's `next()` reach the client as `connect_error` with `err.data`. */
export function handshakeError(error: CamrelayError): Error & { data: unknown } {
  const { error: code, ...rest } = error.toJSON();
  return Object.assign(new Error(error.message), { data: { ...rest, code } });
}
