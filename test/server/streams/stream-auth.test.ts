/**
 * One count of wrong stream tokens per address for stream.mp4, HLS and RTSP (#55): ten wrong guesses a
 * minute over HTTP block the address on RTSP too, and the other way round. On a real relay with RTSP on;
 * each test guesses from its own loopback address, so the others are not blocked.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';

let server: TestServer;
let rtspPort: number;

beforeAll(async () => {
  server = await startTestServer({ rtspPort: 0 });
  rtspPort = server.provided.need('streams').rtspPort!;
});

afterAll(() => stopTestServer(server));

/** GET `path` on the relay from `localAddress`: its status. */
function get(path: string, localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { localAddress }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.once('error', reject);
    req.end();
  });
}

/** A DESCRIBE of `yard` with `token` from `localAddress`: the answer's status. */
function describeRtsp(token: string, localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port: rtspPort, host: '127.0.0.1', localAddress });
    let got = '';
    socket.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      const status = /^RTSP\/1\.0 (\d{3})/.exec(got);
      if (!status || !got.includes('\r\n\r\n')) return;
      socket.destroy();
      resolve(Number(status[1]));
    });
    socket.once('error', reject);
    socket.write(`DESCRIBE rtsp://127.0.0.1:${rtspPort}/yard?token=${token} RTSP/1.0\r\nCSeq: 1\r\n\r\n`);
  });
}

describe('requireStreamReader', () => {
  it('counts wrong tokens over HTTP and RTSP as one: ten on stream.mp4 block RTSP from that address', async () => {
    for (let i = 0; i < 10; i++) expect(await get(`/api/cameras/yard/stream.mp4?token=wrong-${i}`, '127.0.0.3')).toBe(401);
    expect(await get('/api/cameras/yard/stream.mp4?token=wrong-10', '127.0.0.3')).toBe(429);
    expect(await describeRtsp('wrong-11', '127.0.0.3')).toBe(429);
    // Another address still guesses.
    expect(await describeRtsp('wrong-12', '127.0.0.4')).toBe(401);
  });

  it('counts wrong tokens over RTSP and HTTP as one: ten on RTSP block stream.m3u8 from that address', async () => {
    for (let i = 0; i < 10; i++) expect(await describeRtsp(`wrong-${i}`, '127.0.0.5')).toBe(401);
    expect(await describeRtsp('wrong-10', '127.0.0.5')).toBe(429);
    expect(await get('/api/cameras/yard/stream.m3u8?token=wrong-11', '127.0.0.5')).toBe(429);
  });
});
