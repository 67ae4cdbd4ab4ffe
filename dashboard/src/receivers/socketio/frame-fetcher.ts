/**
 * The viewer's side of frames over long-poll GETs (see server/transports/frame-fetch/frame-fetch.ts):
 * while the Socket.IO link is polling, keeps GETs waiting at the path the server gave
 * (`frame-fetch`); each answer is one frame, the JPEG as the body and the metadata in
 * `X-Frame-Meta`. Runs in the browser and in Node (global `fetch`).
 *
 * Two GETs wait at once, so the next frame does not wait a round trip for the previous answer to
 * come back; answers may then complete out of order, which newest-wins on the receiving side
 * already handles (a frame not newer than the last one shown is not shown).
 */
import { PAGE_REQUEST_HEADER } from '../../../../shared/auth.js';
import type { MonitorFrameMeta, MonitorH264Meta } from '../../../../shared/protocol.js';
import { UnitOrder } from './unit-order.js';

const PARALLEL = 2;
/** After a failed GET (network, server restarting), before the next one. */
const RETRY_MS = 1000;

export interface FrameFetcherOptions {
  /** The server's origin, for Node; a browser page can leave it out (same origin). */
  base?: string;
  onFrame(meta: MonitorFrameMeta, jpeg: ArrayBuffer): void;
  /** A live H.264 unit (`X-Frame-Kind: h264`), handed on in the relay's order (unit-order.ts). */
  onH264?(meta: MonitorH264Meta, au: Uint8Array): void;
  /** A GET failed; the fetcher tries again after a second while it runs. */
  onError?(reason: string): void;
}

export class FrameFetcher {
  private path: string | null = null;
  /** Bumped by every start and stop: a loop of an older run ends at its next turn. */
  private run = 0;
  private abort: AbortController | null = null;
  private readonly order: UnitOrder<{ meta: MonitorH264Meta; au: Uint8Array }>;

  constructor(private readonly options: FrameFetcherOptions) {
    this.order = new UnitOrder((u) => options.onH264?.(u.meta, u.au), PARALLEL);
  }

  /** Starts (or restarts with a new path) fetching frames: call while the link is polling. */
  start(path: string): void {
    if (typeof path !== 'string') return;
    this.stop();
    this.order.reset();
    this.path = path;
    this.abort = new AbortController();
    const run = ++this.run;
    for (let i = 0; i < PARALLEL; i++) void this.loop(run, this.abort.signal);
  }

  /** Stops, and drops the GETs waiting (the link upgraded, or the connection ended). */
  stop(): void {
    this.run++;
    this.abort?.abort();
    this.abort = null;
  }

  get running(): boolean {
    return this.abort !== null;
  }

  private async loop(run: number, signal: AbortSignal): Promise<void> {
    // Relative to `base`, so a page under a proxy's sub-path fetches under it too.
    const url = this.options.base ? new URL(this.path!.replace(/^\//, ''), this.options.base) : this.path!;
    while (run === this.run) {
      try {
        const res = await fetch(url, { cache: 'no-store', credentials: 'same-origin', signal, headers: { [PAGE_REQUEST_HEADER]: '1' } });
        if (res.status === 200) {
          const meta = JSON.parse(res.headers.get('x-frame-meta') ?? 'null') as MonitorFrameMeta | null;
          const body = await res.arrayBuffer();
          if (run !== this.run || typeof meta?.cameraId !== 'string') continue;
          if (res.headers.get('x-frame-kind') === 'h264')
            this.order.put(Number(res.headers.get('x-unit-order')), { meta: meta as MonitorH264Meta, au: new Uint8Array(body) });
          else this.options.onFrame(meta, body);
          continue;
        }
        await res.body?.cancel();
        // 204: nothing came while the GET waited; anything else: the path is gone or the server failing.
        if (res.status === 204) continue;
        this.options.onError?.(`HTTP ${res.status}`);
      } catch (err) {
        if (run !== this.run) return;
        this.options.onError?.(err instanceof Error ? err.message : String(err));
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}

/** The parts of a socket.io-client `/monitor` socket the fetcher follows. */
interface MonitorSocketLike {
  on(event: 'frame-fetch', listener: (path: string) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
  io: { engine: { transport: { name: string }; once(event: 'upgrade', listener: () => void): unknown } };
}

/** Runs `fetcher` whenever `socket`'s link is polling and the server offers frames by GET. */
export function fetchFramesWhilePolling(socket: MonitorSocketLike, fetcher: FrameFetcher): void {
  socket.on('frame-fetch', (path) => {
    const engine = socket.io.engine;
    if (engine.transport.name !== 'polling') return;
    fetcher.start(path);
    engine.once('upgrade', () => fetcher.stop());
  });
  socket.on('disconnect', () => fetcher.stop());
}
