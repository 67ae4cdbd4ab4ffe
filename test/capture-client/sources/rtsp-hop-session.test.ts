import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getHeader, parseMessage, RtspHopSession, serializeMessage, type RtspMessage } from '../../../capture-client/sources/rtsp-hop-session.js';

const LOOP = 'rtsp://127.0.0.1:40123/0123456789abcdef0123456789abcdef';
const CAM = 'rtsp://10.0.0.9:554';
const msg = (text: string): RtspMessage => {
  const end = text.indexOf('\r\n\r\n');
  return parseMessage(text.slice(0, end), Buffer.from(text.slice(end + 4), 'latin1'));
};
const text = (m: RtspMessage | undefined) => serializeMessage(m!).toString('latin1');
const session = (user = 'admin', password = 'p@ss:w rd') => new RtspHopSession({ loopback: LOOP, camera: CAM, user, password });
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe('RtspHopSession', () => {
  describe('#fromClient', () => {
    it("asks the camera at its own address, the rest of ffmpeg's request as it was", () => {
      const step = session().fromClient(
        msg(`DESCRIBE ${LOOP}/stream2?channel=1 RTSP/1.0\r\nCSeq: 2\r\nUser-Agent: Lavf58.12.100\r\nAccept: application/sdp\r\n\r\n`),
      );
      expect(text(step.toCamera)).toBe(`DESCRIBE ${CAM}/stream2?channel=1 RTSP/1.0\r\nCSeq: 2\r\nUser-Agent: Lavf58.12.100\r\nAccept: application/sdp\r\n\r\n`);
    });

    it('refuses a request for any other address: a local user who found the port but not the random path', () => {
      const s = session();
      for (const uri of ['rtsp://127.0.0.1:40123/stream2', `${LOOP}x/stream2`, 'rtsp://10.0.0.9:554/stream2'])
        expect(s.fromClient(msg(`DESCRIBE ${uri} RTSP/1.0\r\nCSeq: 1\r\n\r\n`))).toEqual({ refused: true });
      expect(s.isOurs(msg(`OPTIONS ${LOOP}/x RTSP/1.0\r\nCSeq: 1\r\n\r\n`))).toBe(true);
      expect(s.isOurs(msg(`OPTIONS rtsp://127.0.0.1:40123/x RTSP/1.0\r\nCSeq: 1\r\n\r\n`))).toBe(false);
    });
  });

  describe('#fromCamera', () => {
    it("answers the camera's Basic 401 itself with the URL's user and password, and gives ffmpeg the 200 under its own CSeq", () => {
      const s = session();
      s.fromClient(msg(`OPTIONS ${LOOP}/sub RTSP/1.0\r\nCSeq: 1\r\n\r\n`));
      expect(text(s.fromCamera(msg('RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: DESCRIBE, SETUP, PLAY\r\n\r\n')).toClient)).toContain('CSeq: 1\r\n');
      s.fromClient(msg(`DESCRIBE ${LOOP}/sub RTSP/1.0\r\nCSeq: 2\r\n\r\n`));
      const retry = s.fromCamera(msg('RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Basic realm="cam"\r\n\r\n'));
      expect(retry.toClient).toBeUndefined();
      expect(retry.toCamera!.start).toBe(`DESCRIBE ${CAM}/sub RTSP/1.0`);
      expect(getHeader(retry.toCamera!, 'CSeq')).toBe('3');
      expect(getHeader(retry.toCamera!, 'Authorization')).toBe(`Basic ${Buffer.from('admin:p@ss:w rd').toString('base64')}`);
      const ok = s.fromCamera(msg('RTSP/1.0 200 OK\r\nCSeq: 3\r\n\r\n'));
      expect(getHeader(ok.toClient!, 'CSeq')).toBe('2');
      // Every later request carries it, numbered on from the camera's count.
      const setup = s.fromClient(msg(`SETUP ${LOOP}/sub/trackID=0 RTSP/1.0\r\nCSeq: 3\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n`));
      expect(text(setup.toCamera)).toMatch(
        /^SETUP rtsp:\/\/10\.0\.0\.9:554\/sub\/trackID=0 RTSP\/1\.0\r\nCSeq: 4\r\nTransport: RTP\/AVP\/TCP;unicast;interleaved=0-1\r\nAuthorization: Basic /,
      );
      expect(getHeader(s.fromCamera(msg('RTSP/1.0 200 OK\r\nCSeq: 4\r\nSession: 12345678\r\n\r\n')).toClient!, 'CSeq')).toBe('3');
    });

    it('answers a Digest challenge as RFC 2617 asks, for each request its own method and URI', () => {
      const s = session('admin', 'secret');
      s.fromClient(msg(`DESCRIBE ${LOOP}/sub RTSP/1.0\r\nCSeq: 1\r\n\r\n`));
      const retry = s.fromCamera(
        msg('RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Basic realm="cam"\r\nWWW-Authenticate: Digest realm="cam", nonce="abc"\r\n\r\n'),
      );
      const auth = getHeader(retry.toCamera!, 'Authorization')!;
      const expected = md5(`${md5('admin:cam:secret')}:abc:${md5(`DESCRIBE:${CAM}/sub`)}`);
      expect(auth).toContain(`uri="${CAM}/sub"`);
      expect(auth).toContain(`response="${expected}"`);
      s.fromCamera(msg('RTSP/1.0 200 OK\r\nCSeq: 2\r\n\r\n'));
      const play = s.fromClient(msg(`PLAY ${LOOP}/sub/ RTSP/1.0\r\nCSeq: 2\r\nSession: 1\r\n\r\n`));
      expect(getHeader(play.toCamera!, 'Authorization')).toContain(`response="${md5(`${md5('admin:cam:secret')}:abc:${md5(`PLAY:${CAM}/sub/`)}`)}"`);
    });

    it('gives ffmpeg the 401 when the camera refuses the credentials too, so it says CAMERA_AUTH', () => {
      const s = session();
      s.fromClient(msg(`DESCRIBE ${LOOP}/sub RTSP/1.0\r\nCSeq: 2\r\n\r\n`));
      const challenge = 'RTSP/1.0 401 Unauthorized\r\nCSeq: %d\r\nWWW-Authenticate: Basic realm="cam"\r\n\r\n';
      expect(s.fromCamera(msg(challenge.replace('%d', '2'))).toCamera).toBeDefined();
      const refused = s.fromCamera(msg(challenge.replace('%d', '3')));
      expect(refused.toCamera).toBeUndefined();
      expect(refused.toClient!.start).toBe('RTSP/1.0 401 Unauthorized');
      expect(getHeader(refused.toClient!, 'CSeq')).toBe('2');
      // With no credentials in the URL there is nothing to answer with.
      const none = session('', '');
      none.fromClient(msg(`DESCRIBE ${LOOP}/sub RTSP/1.0\r\nCSeq: 1\r\n\r\n`));
      expect(none.fromCamera(msg(challenge.replace('%d', '1'))).toClient!.start).toBe('RTSP/1.0 401 Unauthorized');
    });

    it("gives the camera's URLs back as the hop's: Content-Base, RTP-Info, the SDP's a=control, with the length set again", () => {
      const s = session();
      s.fromClient(msg(`DESCRIBE ${LOOP}/sub RTSP/1.0\r\nCSeq: 1\r\n\r\n`));
      const sdp = 'v=0\r\nm=video 0 RTP/AVP 96\r\na=control:rtsp://10.0.0.9:554/sub/trackID=0\r\nm=audio 0 RTP/AVP 97\r\na=control:trackID=1\r\n';
      const reply = s.fromCamera(
        msg(
          `RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Base: rtsp://admin:x@10.0.0.9/sub/\r\nContent-Type: application/sdp\r\nContent-Length: ${sdp.length}\r\n\r\n${sdp}`,
        ),
      ).toClient!;
      expect(getHeader(reply, 'Content-Base')).toBe(`${LOOP}/sub/`);
      expect(reply.body.toString()).toBe(sdp.replace('rtsp://10.0.0.9:554', LOOP));
      expect(text(reply)).toContain(`Content-Length: ${reply.body.length}\r\n`);
      s.fromClient(msg(`PLAY ${LOOP}/sub/ RTSP/1.0\r\nCSeq: 2\r\n\r\n`));
      const play = s.fromCamera(
        msg(
          'RTSP/1.0 200 OK\r\nCSeq: 2\r\nRTP-Info: url=rtsp://10.0.0.9:554/sub/trackID=0;seq=1;rtptime=2,url=rtsp://10.0.0.9:554/sub/trackID=1;seq=3\r\n\r\n',
        ),
      );
      expect(getHeader(play.toClient!, 'RTP-Info')).toBe(`url=${LOOP}/sub/trackID=0;seq=1;rtptime=2,url=${LOOP}/sub/trackID=1;seq=3`);
    });

    it('names the camera as the source of RTP over UDP, whose receiver reports would otherwise go to the hop', () => {
      const s = session();
      s.fromClient(msg(`SETUP ${LOOP}/sub/trackID=0 RTSP/1.0\r\nCSeq: 3\r\nTransport: RTP/AVP/UDP;unicast;client_port=5000-5001\r\n\r\n`));
      const udp = s.fromCamera(msg('RTSP/1.0 200 OK\r\nCSeq: 3\r\nTransport: RTP/AVP/UDP;unicast;client_port=5000-5001;server_port=6000-6001\r\n\r\n'));
      expect(getHeader(udp.toClient!, 'Transport')).toBe('RTP/AVP/UDP;unicast;client_port=5000-5001;server_port=6000-6001;source=10.0.0.9');
      s.fromClient(msg(`SETUP ${LOOP}/sub/trackID=0 RTSP/1.0\r\nCSeq: 4\r\n\r\n`));
      const tcp = 'RTP/AVP/TCP;unicast;interleaved=0-1';
      expect(getHeader(s.fromCamera(msg(`RTSP/1.0 200 OK\r\nCSeq: 4\r\nTransport: ${tcp}\r\n\r\n`)).toClient!, 'Transport')).toBe(tcp);
    });
  });
});
