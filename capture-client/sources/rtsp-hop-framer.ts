/**
 * One direction of an RTSP connection on the capture side (the loopback hop, the talk-back client) cut into
 * RTSP messages and interleaved frames passed on as they came, by the codec's reader (common/codec/rtsp-reader.ts)
 * with the bounds a camera's or ffmpeg's RTSP needs. A broken bound is SOURCE_FAILED naming the sender.
 */
import { RtspReader, type RtspPiece as CodecPiece } from '../../common/codec/rtsp-reader.js';
import { CamrelayError } from '../../shared/errors.js';

/** A piece as Node's sockets take it: the codec's bytes seen as a Buffer (a view, not a copy). */
export type RtspPiece = CodecPiece<Buffer>;

const view = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** Longest head read: a camera's or ffmpeg's headers are a few hundred bytes; bounded before it is looked at. */
export const RTSP_HEAD_MAX = 16 * 1024;
/** Longest body: an SDP is a few KB. */
export const RTSP_BODY_MAX = 64 * 1024;

export class RtspFramer {
  // A head and its body are the most held: no bound of its own past theirs.
  private readonly reader = new RtspReader({ headBytes: RTSP_HEAD_MAX, bodyBytes: RTSP_BODY_MAX, pendingBytes: RTSP_HEAD_MAX + 4 + RTSP_BODY_MAX });

  /** `who` names the sender in errors: "the camera" or "ffmpeg". */
  constructor(private readonly who: string) {}

  /** Cuts `chunk` into pieces, in order; throws SOURCE_FAILED for a head or body past its bound. */
  push(chunk: Buffer, out: (piece: RtspPiece) => void): void {
    const fault = this.reader.push(chunk, (p) =>
      out(p.kind === 'bytes' ? { kind: 'bytes', data: view(p.data) } : { kind: 'message', head: p.head, body: view(p.body) }),
    );
    if (fault) throw new CamrelayError('SOURCE_FAILED', `${this.who} sent ${fault.detail}: not RTSP as cameras speak it.`);
  }
}
