import { describe, expect, it } from 'vitest';
import { RTSP_BODY_MAX, RTSP_HEAD_MAX, RtspFramer, type RtspPiece } from '../../../capture-client/sources/rtsp-hop-framer.js';

const interleaved = (channel: number, payload: Buffer) => Buffer.concat([Buffer.from([0x24, channel, payload.length >> 8, payload.length & 0xff]), payload]);
const sdp = 'v=0\r\na=control:trackID=0\r\n';
const describeReply = `RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Length: ${sdp.length}\r\n\r\n${sdp}`;

/** The pieces of `stream` fed in chunks of `size` bytes, adjacent byte pieces joined. */
function cut(stream: Buffer, size: number): Array<{ kind: 'bytes'; hex: string } | { kind: 'message'; head: string; body: string }> {
  const framer = new RtspFramer('the camera');
  const pieces: RtspPiece[] = [];
  for (let i = 0; i < stream.length; i += size) framer.push(stream.subarray(i, i + size), (p) => pieces.push(p));
  const out: Array<{ kind: 'bytes'; hex: string } | { kind: 'message'; head: string; body: string }> = [];
  for (const p of pieces) {
    const last = out.at(-1);
    if (p.kind === 'bytes' && last?.kind === 'bytes') last.hex += p.data.toString('hex');
    else out.push(p.kind === 'bytes' ? { kind: 'bytes', hex: p.data.toString('hex') } : { kind: 'message', head: p.head, body: p.body.toString('latin1') });
  }
  return out;
}

describe('RtspFramer', () => {
  describe('#push', () => {
    it('cuts messages with bodies and interleaved frames apart, however the chunks fall', () => {
      const rtp = interleaved(0, Buffer.alloc(1400, 7));
      const rtcp = interleaved(1, Buffer.alloc(28, 9));
      const keepAlive = 'RTSP/1.0 200 OK\r\nCSeq: 7\r\n\r\n';
      const stream = Buffer.concat([Buffer.from(describeReply, 'latin1'), rtp, rtcp, Buffer.from(keepAlive), rtp]);
      const expected = [
        { kind: 'message', head: describeReply.slice(0, describeReply.indexOf('\r\n\r\n')), body: sdp },
        { kind: 'bytes', hex: Buffer.concat([rtp, rtcp]).toString('hex') },
        { kind: 'message', head: keepAlive.slice(0, -4), body: '' },
        { kind: 'bytes', hex: rtp.toString('hex') },
      ];
      for (const size of [1, 2, 3, 5, 64, 1000, stream.length]) expect(cut(stream, size), `chunks of ${size}`).toEqual(expected);
    });

    it('passes interleaved frames on as slices of the chunk, not copies', () => {
      const chunk = Buffer.concat([interleaved(0, Buffer.alloc(100, 1)), interleaved(0, Buffer.alloc(100, 2))]);
      const pieces: RtspPiece[] = [];
      new RtspFramer('the camera').push(chunk, (p) => pieces.push(p));
      expect(pieces).toHaveLength(1);
      expect(pieces[0]!.kind === 'bytes' && pieces[0]!.data.buffer).toBe(chunk.buffer);
    });

    it('drops stray line ends between messages', () => {
      expect(cut(Buffer.from('\r\nOPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n'), 4)).toEqual([{ kind: 'message', head: 'OPTIONS * RTSP/1.0\r\nCSeq: 1', body: '' }]);
    });

    it('refuses a head or a body past its bound with SOURCE_FAILED, naming the sender', () => {
      const framer = new RtspFramer('the camera');
      expect(() => framer.push(Buffer.from(`RTSP/1.0 200 OK\r\nX: ${'a'.repeat(RTSP_HEAD_MAX)}`), () => {})).toThrow(/the camera sent an RTSP head over/);
      const body = `RTSP/1.0 200 OK\r\nContent-Length: ${RTSP_BODY_MAX + 1}\r\n\r\n`;
      expect(() => new RtspFramer('ffmpeg').push(Buffer.from(body), () => {})).toThrow(expect.objectContaining({ code: 'SOURCE_FAILED' }));
      expect(() => new RtspFramer('ffmpeg').push(Buffer.from('RTSP/1.0 200 OK\r\nContent-Length: -1\r\n\r\n'), () => {})).toThrow(/RTSP body/);
    });
  });
});
