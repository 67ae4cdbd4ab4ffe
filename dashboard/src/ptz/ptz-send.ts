/** Sends a PTZ command on the page's `/monitor` socket; the answer, or why there is none, as a PtzReply. */
import type { PtzCommand, PtzReply } from '../../../shared/ptz.js';
import type { MonitorSocket } from '../connection/connection.js';

// Longer than the relay's own waits (6 s for a capture side on this node, 7.5 s for one on another
// node), so the relay's PTZ_FAILED or PTZ_UNAVAILABLE arrives in words first.
const ANSWER_MS = 8000;

export function ptzSend(socket: MonitorSocket, cameraId: string, command: PtzCommand): Promise<PtzReply> {
  // Socket.IO would hold the command until it reconnects: a move then would be a surprise.
  if (!socket.connected) return Promise.resolve({ ok: false, error: 'PTZ_FAILED', message: 'Not connected to the relay: the camera was not moved.' });
  return socket
    .timeout(ANSWER_MS)
    .emitWithAck('ptz', { cameraId, command })
    .catch((): PtzReply => ({ ok: false, error: 'PTZ_FAILED', message: 'The relay did not answer the PTZ command.' }));
}
