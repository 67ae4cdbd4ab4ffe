import { describe, expect, it } from 'vitest';
import {
  contentLength,
  getHeader,
  interleavedChannel,
  isResponse,
  parseMessage,
  readRequestHead,
  responseStatus,
  serializeMessage,
  sessionId,
  setHeader,
} from '../../../common/codec/rtsp-message.js';

describe('parseMessage', () => {
  it('reads the start line and the headers in order, trimmed, and leaves out a line without a colon', () => {
    const m = parseMessage(
      'RTSP/1.0 401 Unauthorized\r\nCSeq: 3\r\nWWW-Authenticate:  Digest realm="x" \r\njunk\r\nWWW-Authenticate: Basic realm="x"',
      Buffer.alloc(0),
    );
    expect(m.start).toBe('RTSP/1.0 401 Unauthorized');
    expect(m.headers).toEqual([
      ['CSeq', '3'],
      ['WWW-Authenticate', 'Digest realm="x"'],
      ['WWW-Authenticate', 'Basic realm="x"'],
    ]);
    expect(isResponse(m)).toBe(true);
    expect(responseStatus(m)).toBe(401);
    expect(getHeader(m, 'cseq')).toBe('3');
  });

  it('gives a request, or a start line that is not a status, status 0', () => {
    expect(responseStatus(parseMessage('OPTIONS * RTSP/1.0', Buffer.alloc(0)))).toBe(0);
    expect(responseStatus(parseMessage('RTSP/2.0 200 OK', Buffer.alloc(0)))).toBe(0);
  });
});

describe('serializeMessage', () => {
  it('writes the Content-Length of the body it carries, whatever the headers said', () => {
    const m = parseMessage('RTSP/1.0 200 OK\r\nContent-Length: 99\r\nCSeq: 1', Buffer.from('v=0\r\n'));
    setHeader(m, 'cseq', '7');
    setHeader(m, 'Session', 'ab');
    expect(Buffer.from(serializeMessage(m)).toString('latin1')).toBe('RTSP/1.0 200 OK\r\nCSeq: 7\r\nSession: ab\r\nContent-Length: 5\r\n\r\nv=0\r\n');
  });
});

describe('contentLength', () => {
  it('reads the last Content-Length, 0 without one', () => {
    expect(contentLength('RTSP/1.0 200 OK\r\nCSeq: 1', 10)).toBe(0);
    expect(contentLength('RTSP/1.0 200 OK\r\ncontent-length:\t4 ', 10)).toBe(4);
  });

  it('refuses a length that is not 1 to 9 digits, and one over the bound, each with its code', () => {
    for (const raw of ['-1', '', '1e3', '0x10', '1234567890']) {
      expect(contentLength(`RTSP/1.0 200 OK\r\nContent-Length: ${raw}`, 10), raw).toMatchObject({ code: 'RTSP_BAD_CONTENT_LENGTH' });
    }
    expect(contentLength('RTSP/1.0 200 OK\r\nContent-Length: 11', 10)).toMatchObject({
      code: 'RTSP_BODY_TOO_LARGE',
      detail: 'an RTSP body of 11 bytes (at most 10)',
    });
  });
});

describe('readRequestHead', () => {
  it('reads the method, the URI and the headers by lower-case name, the last of a repeated one', () => {
    expect(readRequestHead('DESCRIBE rtsp://h/c RTSP/1.0\r\nCSeq: 2\r\nAccept: a\r\nAccept: b', 4)).toEqual({
      method: 'DESCRIBE',
      uri: 'rtsp://h/c',
      headers: new Map([
        ['cseq', '2'],
        ['accept', 'b'],
      ]),
    });
  });

  it('refuses a bad request line, another version, too many headers and a bad header line, each with its code', () => {
    const cases: Array<[string, string]> = [
      ['GET / HTTP/1.1\r\nHost: h', 'RTSP_BAD_REQUEST'],
      ['OPTIONS * RTSP/2.0', 'RTSP_BAD_VERSION'],
      ['OPTIONS * RTSP/1.0\r\nA: 1\r\nB: 2\r\nC: 3', 'RTSP_TOO_MANY_HEADERS'],
      ['OPTIONS * RTSP/1.0\r\nBad Header', 'RTSP_BAD_REQUEST'],
      ['OPTIONS * RTSP/1.0\r\nCSeq: 1\nX-Evil: 1', 'RTSP_BAD_REQUEST'],
    ];
    for (const [head, code] of cases) expect(readRequestHead(head, 2), head).toMatchObject({ code });
  });
});

describe('sessionId and interleavedChannel', () => {
  it("read a Session header's id without its timeout, and a Transport's first interleaved channel", () => {
    expect(sessionId(' 9f3a;timeout=60')).toBe('9f3a');
    expect(interleavedChannel('RTP/AVP/TCP;unicast;interleaved=2-3')).toBe(2);
    expect(interleavedChannel('RTP/AVP/TCP;interleaved=4')).toBe(4);
    expect(interleavedChannel('RTP/AVP;unicast;client_port=5000-5001')).toBeNull();
  });
});
