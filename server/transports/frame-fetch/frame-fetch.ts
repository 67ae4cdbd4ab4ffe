/**
 * Frames for long-polling viewers, over their own long-poll GET.
 *
 * Engine.IO v4 carries binary inside a polling response as base64: a third more bytes, a base64
 * string the size of the frame built per viewer per frame, and its UTF-8 copy on the way out (plus
 * gzip per response when a browser asks for it). A viewer that says so in its handshake
 * (`auth.fetchFrames: true`) is told a path (`frame-fetch` event) and, while its link is polling,
 * keeps a GET waiting there. Each frame for it answers one waiting GET: the JPEG as the binary body,
 * the metadata in `X-Frame-Meta`, the same Buffer for every viewer. One HTTP request per frame,
 * where frames inside Socket.IO's polling cost a poll response, the next poll and an ack POST.
 *
 * The GET is the ack: when its response has been written, the viewer's slot may send the camera's
 * next frame, so the newest-wins bound (two frames per camera) is unchanged. A frame with no GET
 * waiting waits for the next one. The path is a capability: 128 random bits per connection, told
 * only to that signed-in viewer; it ends with the connection.
 *
 * Live H.264 (#30) rides the same GETs: a unit answers a GET as `video/h264` with its metadata in
 * `X-Frame-Meta` and `X-Frame-Kind: h264`. Units are never replaced (a decoder cannot skip a P-frame):
 * they wait in the order the viewer's lanes sent them, which bound them (h264-lane.ts: a window of
 * units and bytes per camera, released by the GET that carries each). Two GETs wait at once, so
 * answers can complete out of order; `X-Unit-Order` (0, 1, 2… per connection) lets the page put
 * units back in order before its decoder.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { CamrelayError, ERROR_CODES } from '../../../shared/errors.js';
import { FRAME_FETCH_PATH } from '../../../shared/protocol.js';
import { NewestWins } from '../../../common/newest-wins.js';
import type { Frame } from '../../relay/frame.js';
import type { H264Unit } from '../../tracks/h264-lane.js';
import { FETCH_HEADERS, sendUnit } from './unit-answer.js';

/**
 * A waiting GET with no frame is answered 204 after this long. Short on purpose: over HTTP/1.1 a
 * browser has six connections per host for all its tabs, and a GET held long would keep the
 * Socket.IO poll's POSTs (its heartbeat answers) waiting for a free one.
 */
const HOLD_MS = 3000;
/** GETs one connection may keep waiting (the Live Monitor keeps two); a further one ends the oldest. */
const MAX_WAITING = 4;
const HEADERS = FETCH_HEADERS;

export { HOLD_MS as FRAME_FETCH_HOLD_MS };

export interface QueuedFrame {
  frame: Frame;
  done: () => void;
}

export interface QueuedUnit {
  unit: H264Unit;
  done: () => void;
}

/** One viewer connection's frames waiting for a GET, and its GETs waiting for a frame. */
export class FetchOwner {
  readonly key = randomBytes(16).toString('base64url');
  /** By camera, oldest first: a newer frame of a camera replaces its queued one (newest wins). */
  private readonly queue = new Map<string, NewestWins<QueuedFrame>>();
  private readonly waiting = new Map<ServerResponse, NodeJS.Timeout>();
  /** H.264 units in the order sent, none replaced; bounded by the lanes' windows (see the top). */
  private units: QueuedUnit[] = [];
  /** X-Unit-Order of the next unit answered. */
  private unitOrder = 0;
  /** After a unit, a queued JPEG goes first: a camera's H.264 never starves another's JPEGs. */
  private jpegFirst = false;

  constructor(private readonly registry: FrameFetch) {}

  get path(): string {
    return `${FRAME_FETCH_PATH}/${this.key}`;
  }

  /** Frames queued for a GET: at most one per camera. */
  get queued(): number {
    return this.queue.size;
  }

  /** H.264 units queued for a GET. */
  get queuedUnits(): number {
    return this.units.length;
  }

  /** GETs waiting for a frame. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  /** A frame for this viewer: answers a waiting GET now, else waits for the next GET. */
  push(frame: Frame, done: () => void): void {
    const next = this.waiting.keys().next();
    if (next.done) {
      // A camera's slot has one frame in flight, but a slot that was closed (unsubscribe) or
      // switched sinks (WebRTC) leaves its frame here: the newest replaces it, and its `done`
      // (which that slot ignores) is called so nothing can wait on it.
      const slot = this.queue.get(frame.cameraId) ?? new NewestWins<QueuedFrame>((old) => old.done());
      this.queue.delete(frame.cameraId);
      this.queue.set(frame.cameraId, slot);
      slot.put({ frame, done });
      return;
    }
    this.unpark(next.value);
    send(next.value, frame, done);
  }

  /** An H.264 unit for this viewer: answers a waiting GET now, else waits its turn, in order. */
  pushUnit(unit: H264Unit, done: () => void): void {
    const next = this.waiting.keys().next();
    if (next.done || this.units.length > 0) return void this.units.push({ unit, done });
    this.unpark(next.value);
    this.answerUnit(next.value, { unit, done });
  }

  /** A GET arrived: the oldest queued unit or frame now (taking turns), else it waits (204 after holdMs). */
  poll(res: ServerResponse): void {
    const first = this.queue.entries().next();
    if (this.units.length > 0 && (first.done || !this.jpegFirst)) return this.answerUnit(res, this.units.shift()!);
    this.jpegFirst = false;
    if (!first.done) {
      this.queue.delete(first.value[0]);
      const queued = first.value[1].take()!;
      return send(res, queued.frame, queued.done);
    }
    if (this.waiting.size >= MAX_WAITING) {
      const oldest = this.waiting.keys().next().value!;
      this.unpark(oldest);
      oldest.writeHead(204, HEADERS).end();
    }
    this.waiting.set(
      res,
      setTimeout(() => this.unpark(res) && res.writeHead(204, HEADERS).end(), this.registry.holdMs),
    );
    res.once('close', () => this.unpark(res));
  }

  /** The frames no GET took yet, handed back (the link became WebSocket). */
  takeQueued(): QueuedFrame[] {
    const all = [...this.queue.values()].map((slot) => slot.take()!);
    this.queue.clear();
    return all;
  }

  /** The H.264 units no GET took yet, in order, handed back (the link became WebSocket). */
  takeQueuedUnits(): QueuedUnit[] {
    return this.units.splice(0);
  }

  /** The connection ended: waiting GETs get 204 and the path answers FRAME_GONE from now on. */
  close(): void {
    for (const res of [...this.waiting.keys()]) {
      this.unpark(res);
      res.writeHead(204, HEADERS).end();
    }
    this.queue.clear();
    // Released, so no lane waits on a GET that will never come.
    for (const q of this.units.splice(0)) q.done();
    this.registry.forget(this);
  }

  private answerUnit(res: ServerResponse, q: QueuedUnit): void {
    this.jpegFirst = true;
    sendUnit(res, q.unit, this.unitOrder++, q.done);
  }

  private unpark(res: ServerResponse): boolean {
    const timer = this.waiting.get(res);
    if (!timer) return false;
    clearTimeout(timer);
    this.waiting.delete(res);
    return true;
  }
}

/** The `X-Frame-Meta` value, made once per frame for every viewer. */
const metaHeaders = new WeakMap<Frame, string>();
function metaHeader(frame: Frame): string {
  let h = metaHeaders.get(frame);
  if (h === undefined) metaHeaders.set(frame, (h = JSON.stringify(frame.meta)));
  return h;
}

/** Writes one frame as a GET's answer; `done` once it is written or the request is gone. */
function send(res: ServerResponse, frame: Frame, done: () => void): void {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    done();
  };
  res.once('finish', release);
  res.once('close', release);
  res.writeHead(200, { ...HEADERS, 'Content-Type': 'image/jpeg', 'Content-Length': frame.jpeg.length, 'X-Frame-Meta': metaHeader(frame) });
  res.end(frame.jpeg);
}

export class FrameFetch {
  private readonly owners = new Map<string, FetchOwner>();

  /** `holdMs`: how long a GET waits for a frame (at most HOLD_MS; the server passes less when its heartbeat is tighter). */
  constructor(readonly holdMs = HOLD_MS) {}

  owner(): FetchOwner {
    const owner = new FetchOwner(this);
    this.owners.set(owner.key, owner);
    return owner;
  }

  forget(owner: FetchOwner): void {
    this.owners.delete(owner.key);
  }

  /** Every viewer's waiting GETs get 204; their paths answer FRAME_GONE from now on. */
  close(): void {
    for (const owner of [...this.owners.values()]) owner.close();
  }

  /** `GET <FRAME_FETCH_PATH>/<rest>`: a viewer's GET, or FRAME_GONE for a path no connection holds. */
  serve(rest: string, res: ServerResponse): void {
    // A key is 22 characters: a longer path is no key, and is not split or looked up.
    const owner = rest.length <= 256 ? this.owners.get(rest.split('?', 1)[0]!) : undefined;
    if (owner) return owner.poll(res);
    const body = JSON.stringify(new CamrelayError('FRAME_GONE').toJSON());
    res.writeHead(ERROR_CODES.FRAME_GONE.status, { ...HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }
}
