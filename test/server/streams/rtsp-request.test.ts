/** The RTSP request parser: requests whole or in pieces, the player's interleaved frames skipped, and its bounds. */
import { describe, expect, it } from 'vitest';
import { REQUEST_LIMITS, RtspRequestParser, rtspResponse, type ParsedItem } from '../../../server/streams/rtsp-request.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');
const requests = (items: ParsedItem[]) => items.flatMap((i) => (i.kind === 'request' ? [i.request] : []));

describe('RtspRequestParser', () => {
  it('reads a request split anywhere, and several in one chunk', () => {
    const text = 'OPTIONS rtsp://h/cam RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: Lavf\r\n\r\nDESCRIBE rtsp://h/cam?token=a RTSP/1.0\r\nCSeq: 2\r\n\r\n';
    for (let cut = 1; cut < text.length; cut += 7) {
      const p = new RtspRequestParser();
      const got = requests([...p.push(bytes(text.slice(0, cut))), ...p.push(bytes(text.slice(cut)))]);
      expect(got.map((r) => [r.method, r.uri, r.cseq])).toEqual([
        ['OPTIONS', 'rtsp://h/cam', '1'],
        ['DESCRIBE', 'rtsp://h/cam?token=a', '2'],
      ]);
      expect(got[0]!.headers.get('user-agent')).toBe('Lavf');
    }
  });

  it('skips interleaved frames (the player’s RTCP reports) between requests, even split', () => {
    const p = new RtspRequestParser();
    const rtcp = Buffer.concat([Buffer.of(0x24, 1, 0, 8), Buffer.alloc(8, 0x80)]);
    const req = bytes('GET_PARAMETER rtsp://h/cam RTSP/1.0\r\nCSeq: 9\r\n\r\n');
    const all = Buffer.concat([rtcp, req, rtcp]);
    const got = [...p.push(all.subarray(0, 6)), ...p.push(all.subarray(6, 30)), ...p.push(all.subarray(30))];
    expect(requests(got).map((r) => r.method)).toEqual(['GET_PARAMETER']);
  });

  it('reads a body by its Content-Length', () => {
    const got = requests(new RtspRequestParser().push(bytes('SET_PARAMETER rtsp://h/c RTSP/1.0\r\nCSeq: 3\r\nContent-Length: 5\r\n\r\nhello')));
    expect(got[0]!.body.toString()).toBe('hello');
  });

  it('echoes only a numeric CSeq, and refuses a header holding a bare LF, so nothing a player sends reaches the answer’s headers', () => {
    expect(new RtspRequestParser().push(bytes('OPTIONS * RTSP/1.0\r\nCSeq: 1 x\r\n\r\n'))[0]).toMatchObject({ kind: 'request', request: { cseq: '' } });
    expect(new RtspRequestParser().push(bytes('OPTIONS * RTSP/1.0\r\nCSeq: 1\nX-Evil: 1\r\n\r\n'))[0]).toMatchObject({ kind: 'error', status: 400 });
  });

  it('refuses a head past its bound with 431, even before its end arrives, and reads nothing after', () => {
    const p = new RtspRequestParser();
    const long = bytes(`DESCRIBE rtsp://h/c RTSP/1.0\r\nX-Pad: ${'a'.repeat(REQUEST_LIMITS.headBytes)}`);
    expect(p.push(long)).toEqual([{ kind: 'error', status: 431, reason: 'request head too large' }]);
    expect(p.push(bytes('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n'))).toEqual([]);
  });

  it('refuses too many headers, a large body, a bad request line and other RTSP versions', () => {
    const many = Array.from({ length: REQUEST_LIMITS.headers + 1 }, (_, i) => `X-${i}: 1`).join('\r\n');
    const cases: Array<[string, number]> = [
      [`OPTIONS * RTSP/1.0\r\n${many}\r\n\r\n`, 431],
      [`ANNOUNCE rtsp://h/c RTSP/1.0\r\nContent-Length: ${REQUEST_LIMITS.bodyBytes + 1}\r\n\r\n`, 413],
      ['OPTIONS * RTSP/1.0\r\nContent-Length: -1\r\n\r\n', 400],
      ['GET / HTTP/1.1\r\nHost: h\r\n\r\n', 400],
      ['OPTIONS * RTSP/2.0\r\nCSeq: 1\r\n\r\n', 505],
      ['OPTIONS * RTSP/1.0\r\nBad Header\r\n\r\n', 400],
    ];
    for (const [text, status] of cases) expect(new RtspRequestParser().push(bytes(text))[0], text).toMatchObject({ kind: 'error', status });
  });

  it('holds at most its pending bound for an interleaved frame or body that never ends', () => {
    const p = new RtspRequestParser({ ...REQUEST_LIMITS, pendingBytes: 1000 });
    // A frame is skipped as it comes, never held.
    expect(p.push(Buffer.concat([Buffer.of(0x24, 1, 0xff, 0xff), Buffer.alloc(5000)]))).toEqual([]);
    const q = new RtspRequestParser({ ...REQUEST_LIMITS, pendingBytes: 1000 });
    expect(q.push(bytes(`SET_PARAMETER rtsp://h/c RTSP/1.0\r\nContent-Length: 4000\r\n\r\n${'x'.repeat(1500)}`))).toEqual([
      { kind: 'error', status: 431, reason: 'request too large' },
    ]);
  });
});

describe('rtspResponse', () => {
  it('writes the status line, the CSeq, the headers and a body with its length', () => {
    const text = rtspResponse(200, '4', { 'Content-Type': 'application/sdp' }, 'v=0\r\n').toString();
    expect(text).toBe('RTSP/1.0 200 OK\r\nCSeq: 4\r\nServer: camrelay\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n');
  });
});
