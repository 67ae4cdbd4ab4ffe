/**
 * A loopback RTSP hop, one per ffmpeg run, so an IP camera's user name and password are on no command
 * line (#37: `ps` or Task Manager showed `-i rtsp://admin:password@…` to every local user). The hop
 * connects to the camera, listens on 127.0.0.1 at a random port and path, and ffmpeg is given
 * `rtsp://127.0.0.1:<port>/<random>/<the camera's path>` with no credentials; the messages are rewritten
 * by rtsp-hop-session.ts and the media passed through untouched. Plain Node sockets: the same on
 * Windows, and no trick of one ffmpeg version (the bundled one is a 2018 build).
 */
import { randomBytes } from 'node:crypto';
import net, { type Socket } from 'node:net';
import tls from 'node:tls';
import { CamrelayError } from '../../shared/errors.js';
import { maskUrl } from './camera-url.js';
import { RtspFramer } from './rtsp-hop-framer.js';
import { parseMessage, RtspHopSession, serializeMessage, type RtspMessage } from './rtsp-hop-session.js';

export interface RtspHopOptions {
  /** How long the camera may take to accept the connection; default 5 s, ffmpeg's own socket timeout here. */
  connectTimeoutMs?: number;
}

/** True when the URL carries a user name or password, the case the hop exists for. */
export function hasCredentials(url: string): boolean {
  try {
    const u = new URL(url);
    return u.username !== '' || u.password !== '';
  } catch {
    return false;
  }
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export class RtspHop {
  /** The hop's failure (the camera's connection reset, a message past its bound), said before ffmpeg's words. */
  error: CamrelayError | null = null;
  private client: Socket | null = null;
  /** Connections not (yet) ffmpeg's: ended with the hop. */
  private readonly candidates = new Set<Socket>();
  private closed = false;

  private constructor(
    /** What ffmpeg is given: no credentials, a path no other local user can guess. */
    readonly url: string,
    private readonly server: net.Server,
    private readonly camera: Socket,
    private readonly session: RtspHopSession,
  ) {}

  /**
   * Connects to the camera (`url` with its host an address: camera-url.ts resolveCameraUrl) and listens on
   * loopback; CAMERA_UNREACHABLE when the camera does not accept. rtsps:// is TLS to the camera, which, as
   * ffmpeg's own rtsps, does not check the camera's certificate (cameras' are self-signed).
   */
  static async open(url: string, opts: RtspHopOptions = {}): Promise<RtspHop> {
    const u = new URL(url);
    const secure = u.protocol === 'rtsps:';
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const port = Number(u.port) || (secure ? 322 : 554);
    const camera = await connect(host, port, secure, opts.connectTimeoutMs ?? 5000).catch((err: NodeJS.ErrnoException) => {
      throw new CamrelayError('CAMERA_UNREACHABLE', `The camera at ${maskUrl(url)} does not answer (${err.code ?? err.message}).`);
    });
    const server = net.createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    } catch (err) {
      camera.destroy();
      throw new CamrelayError('SOURCE_FAILED', `Could not listen on 127.0.0.1 for ffmpeg: ${(err as Error).message}`);
    }
    const loopback = `rtsp://127.0.0.1:${(server.address() as net.AddressInfo).port}/${randomBytes(16).toString('hex')}`;
    const session = new RtspHopSession({ loopback, camera: `${u.protocol}//${u.host}`, user: decode(u.username), password: decode(u.password) });
    const hop = new RtspHop(loopback + u.pathname + u.search, server, camera, session);
    hop.listen();
    return hop;
  }

  /** Ends both connections and the listener; the camera's connection too when ffmpeg never came. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.server.close();
    this.client?.destroy();
    for (const socket of this.candidates) socket.destroy();
    this.camera.destroy();
  }

  private listen(): void {
    // Nothing from the camera until ffmpeg's first request is in: an RTSP server does not speak first.
    this.camera.pause();
    this.camera.on('error', (err: NodeJS.ErrnoException) =>
      this.fail(new CamrelayError('CAMERA_UNREACHABLE', `The camera's connection failed (${err.code ?? err.message}).`)),
    );
    this.camera.on('close', () => {
      if (this.closed) return;
      if (this.client) return void this.client.end();
      this.fail(new CamrelayError('CAMERA_UNREACHABLE', "The camera closed the connection before ffmpeg's first request."));
    });
    this.server.on('connection', (socket) => this.candidate(socket));
  }

  /** A connection is ffmpeg's once its first request names the hop's random path; any other is closed. */
  private candidate(socket: Socket): void {
    if (this.client || this.closed) return void socket.destroy();
    const framer = new RtspFramer('ffmpeg');
    this.candidates.add(socket);
    socket.on('close', () => this.candidates.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      try {
        framer.push(chunk, (piece) => {
          if (this.client === socket) return this.fromClient(piece.kind === 'bytes' ? piece.data : parseMessage(piece.head, piece.body));
          if (piece.kind !== 'message' || this.client || !this.session.isOurs(parseMessage(piece.head, piece.body))) throw new Error('not ours');
          this.claim(socket);
          this.fromClient(parseMessage(piece.head, piece.body));
        });
      } catch {
        if (this.client === socket) this.fail(new CamrelayError('SOURCE_FAILED', 'ffmpeg sent the hop something that is not RTSP.'));
        else socket.destroy();
      }
    });
  }

  private claim(socket: Socket): void {
    this.client = socket;
    this.candidates.delete(socket);
    this.server.close();
    socket.on('close', () => this.close());
    const cameraFramer = new RtspFramer('the camera');
    this.camera.on('data', (chunk: Buffer) => {
      try {
        cameraFramer.push(chunk, (piece) => this.fromCamera(piece.kind === 'bytes' ? piece.data : parseMessage(piece.head, piece.body)));
      } catch (err) {
        this.fail(err as CamrelayError);
      }
    });
    this.camera.resume();
  }

  private fromClient(what: Buffer | RtspMessage): void {
    if (Buffer.isBuffer(what)) return this.write(this.camera, this.client!, what);
    const step = this.session.fromClient(what);
    if (step.refused) return this.fail(new CamrelayError('SOURCE_FAILED', 'ffmpeg asked the hop for another address.'));
    if (step.toCamera) this.write(this.camera, this.client!, serializeMessage(step.toCamera));
  }

  private fromCamera(what: Buffer | RtspMessage): void {
    if (Buffer.isBuffer(what)) return this.write(this.client!, this.camera, what);
    const step = this.session.fromCamera(what);
    if (step.toCamera) this.write(this.camera, this.client!, serializeMessage(step.toCamera));
    if (step.toClient) this.write(this.client!, this.camera, serializeMessage(step.toClient));
  }

  /** Writes to `to`, holding `from` while `to` cannot take more (ffmpeg reads slower than the camera sends). */
  private write(to: Socket, from: Socket, bytes: Buffer): void {
    if (to.destroyed) return;
    if (!to.write(bytes) && !from.isPaused()) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  }

  private fail(err: CamrelayError): void {
    this.error ??= err;
    this.close();
  }
}

function connect(host: string, port: number, secure: boolean, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const ready = secure ? 'secureConnect' : 'connect';
    const socket = secure
      ? tls.connect({ host, port, rejectUnauthorized: false, ...(net.isIP(host) ? {} : { servername: host }) })
      : net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    const failed = (err: Error): void => {
      clearTimeout(timer);
      reject(err);
    };
    socket.once(ready, () => {
      clearTimeout(timer);
      socket.removeListener('error', failed);
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', failed);
  });
}
