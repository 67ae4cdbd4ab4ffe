import { describe, expect, it } from 'vitest';
import { readRequestHead, isFault } from '../../../common/codec/rtsp-message.js';
import { RtspReader, type RtspPiece, type RtspReaderLimits } from '../../../common/codec/rtsp-reader.js';
import { ERROR_CODES } from '../../../shared/errors.js';

const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');

const LIMITS: RtspReaderLimits = { headBytes: 256, bodyBytes: 64, pendingBytes: 1024 };
const frame = (channel: number, payload: Buffer) => Buffer.concat([Buffer.from([0x24, channel, payload.length >> 8, payload.length & 0xff]), payload]);

/** The pieces of `stream` fed in chunks of `size`, adjacent byte pieces joined, and the fault that ended it. */
function read(stream: Buffer, size = stream.length, limits = LIMITS, reader = new RtspReader(limits)) {
  const pieces: Array<{ bytes: string } | { head: string; body: string }> = [];
  let fault = null;
  for (let i = 0; i < stream.length && !fault; i += size) {
    fault = reader.push(stream.subarray(i, i + size), (p: RtspPiece) => {
      const last = pieces.at(-1);
      if (p.kind === 'bytes' && last && 'bytes' in last) last.bytes += hex(p.data);
      else pieces.push(p.kind === 'bytes' ? { bytes: hex(p.data) } : { head: p.head, body: Buffer.from(p.body).toString('latin1') });
    });
  }
  return { pieces, fault };
}

describe('RtspReader', () => {
  describe('#push', () => {
    it('cuts messages with bodies from interleaved frames, however the chunks fall', () => {
      const rtp = frame(0, Buffer.alloc(300, 7));
      const stream = Buffer.concat([
        Buffer.from('RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: 5\r\n\r\nv=0\r\n'),
        rtp,
        Buffer.from('\r\nOPTIONS * RTSP/1.0\r\n\r\n'),
      ]);
      const expected = [
        { head: 'RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: 5', body: 'v=0\r\n' },
        { bytes: rtp.toString('hex') },
        { head: 'OPTIONS * RTSP/1.0', body: '' },
      ];
      for (const size of [1, 3, 7, 64, stream.length]) expect(read(stream, size), `chunks of ${size}`).toEqual({ pieces: expected, fault: null });
    });

    it('says a message is partial until its body has come, and not for bare line ends', () => {
      const reader = new RtspReader(LIMITS);
      reader.push(Buffer.from('\r\n\r\n'), () => {});
      expect(reader.partial).toBe(false);
      reader.push(Buffer.from('SET_PARAMETER * RTSP/1.0\r\nContent-Length: 4\r\n\r\nab'), () => {});
      expect(reader.partial).toBe(true);
      reader.push(Buffer.from('cd'), () => {});
      expect(reader.partial).toBe(false);
    });

    it('refuses each bound with its code, and reads nothing after', () => {
      const cases: Array<[string, string]> = [
        [`OPTIONS * RTSP/1.0\r\nX-Pad: ${'a'.repeat(LIMITS.headBytes)}`, 'RTSP_HEAD_TOO_LARGE'],
        [`OPTIONS * RTSP/1.0\r\nX-Pad: ${'a'.repeat(LIMITS.headBytes)}\r\n\r\n`, 'RTSP_HEAD_TOO_LARGE'],
        [`ANNOUNCE * RTSP/1.0\r\nContent-Length: ${LIMITS.bodyBytes + 1}\r\n\r\n`, 'RTSP_BODY_TOO_LARGE'],
        ['OPTIONS * RTSP/1.0\r\nContent-Length: -1\r\n\r\n', 'RTSP_BAD_CONTENT_LENGTH'],
        ['OPTIONS * RTSP/1.0\r\nContent-Length: 1234567890\r\n\r\n', 'RTSP_BAD_CONTENT_LENGTH'],
      ];
      for (const [text, code] of cases) {
        const reader = new RtspReader(LIMITS);
        expect(read(Buffer.from(text), 5, LIMITS, reader).fault, text).toMatchObject({ code });
        expect(reader.partial).toBe(false);
        const after: RtspPiece[] = [];
        expect(reader.push(Buffer.from('OPTIONS * RTSP/1.0\r\n\r\n'), (p) => after.push(p))).toMatchObject({ code });
        expect(after).toEqual([]);
      }
    });

    it('refuses a message that holds more than its pending bound while its body comes', () => {
      const limits = { ...LIMITS, bodyBytes: 4000, pendingBytes: 1000 };
      const { fault } = read(Buffer.from(`SET_PARAMETER * RTSP/1.0\r\nContent-Length: 4000\r\n\r\n${'x'.repeat(1500)}`), 100, limits);
      expect(fault).toMatchObject({ code: 'RTSP_MESSAGE_TOO_LARGE' });
    });

    it('reads a head byte for byte as latin1, and cuts a chunk given as a plain Uint8Array', () => {
      const bytes = Uint8Array.from([...Buffer.from('RTSP/1.0 200 OK\r\nX: '), 0xe9, 0x80, ...Buffer.from('\r\n\r\n')]);
      expect(read(Buffer.from(bytes), 2).pieces).toEqual([{ head: 'RTSP/1.0 200 OK\r\nX: \u00e9\u0080', body: '' }]);
      const pieces: RtspPiece[] = [];
      new RtspReader(LIMITS).push(bytes, (p) => pieces.push(p));
      expect(pieces).toMatchObject([{ kind: 'message', head: 'RTSP/1.0 200 OK\r\nX: \u00e9\u0080' }]);
    });

    it('passes the largest interleaved frame (64 KiB, its 16-bit length) on without holding it', () => {
      const big = frame(1, Buffer.alloc(0xffff, 3));
      const reader = new RtspReader(LIMITS);
      const { pieces, fault } = read(Buffer.concat([big, Buffer.from('OPTIONS * RTSP/1.0\r\n\r\n')]), 4096, LIMITS, reader);
      expect(fault).toBeNull();
      expect(pieces).toEqual([{ bytes: big.toString('hex') }, { head: 'OPTIONS * RTSP/1.0', body: '' }]);
    });

    it('runs its head check before waiting for the body: the relay refuses a bad request at once', () => {
      const reader = new RtspReader(LIMITS, (head) => {
        const r = readRequestHead(head, 4);
        return isFault(r) ? r : null;
      });
      const fault = reader.push(Buffer.from('GET / HTTP/1.1\r\nContent-Length: 50\r\n\r\n'), () => {});
      expect(fault).toMatchObject({ code: 'RTSP_BAD_REQUEST' });
    });

    it('uses codes the error table knows, with the statuses the relay answers', () => {
      const statuses = [
        'RTSP_HEAD_TOO_LARGE',
        'RTSP_TOO_MANY_HEADERS',
        'RTSP_BAD_REQUEST',
        'RTSP_BAD_VERSION',
        'RTSP_BAD_CONTENT_LENGTH',
        'RTSP_BODY_TOO_LARGE',
        'RTSP_MESSAGE_TOO_LARGE',
      ].map((code) => ERROR_CODES[code as keyof typeof ERROR_CODES].status);
      expect(statuses).toEqual([431, 431, 400, 505, 400, 413, 431]);
    });
  });
});
