/**
 * A capture-side stand-in for PTZ (#29): a real Socket.IO client on `/capture` that says what its
 * camera can do (`ptz-caps`), records every `ptz` command the relay sends it, and answers each
 * with `answer` (null: never answers).
 */
import { io, type Socket } from 'socket.io-client';
import { CAPTURE_NAMESPACE } from '../../shared/protocol.js';
import type { PtzCaps, PtzCommand, PtzReply } from '../../shared/ptz.js';
import { waitFor } from './wait.js';

export interface PtzCamera {
  socket: Socket;
  commands: PtzCommand[];
  answer: PtzReply | null;
  close(): void;
}

export const PTZ_CAPS: PtzCaps = { pan: true, tilt: true, zoom: true, presets: [{ token: 'p1', name: 'Gate' }] };

/** `jpeg`: a picture it sends five times a second, so its tile shows a camera (the browser tests). */
export async function startPtzCamera(url: string, token: string, cameraId: string, caps: unknown = PTZ_CAPS, jpeg?: Buffer): Promise<PtzCamera> {
  const socket = io(`${url}${CAPTURE_NAMESPACE}`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token, cameraId } });
  let seq = 0;
  const feed = jpeg ? setInterval(() => socket.emit('frame', { seq: seq++, capturedAt: Date.now() }, jpeg, () => {}), 200) : undefined;
  const close = () => {
    clearInterval(feed);
    socket.close();
  };
  const camera: PtzCamera = { socket, commands: [], answer: { ok: true }, close };
  socket.on('ptz', (command: PtzCommand, ack: (r: PtzReply) => void) => {
    camera.commands.push(command);
    if (camera.answer) ack(camera.answer);
  });
  socket.on('connect', () => socket.emit('ptz-caps', caps));
  await waitFor(() => socket.connected, `capture stand-in ${cameraId} connected`);
  return camera;
}
