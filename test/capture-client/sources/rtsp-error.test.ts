/** What the bundled ffmpeg said about the test camera, mapped to the error the status line, the relay and the tile show. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../../capture-client/sources/camera-url.js';
import { isTimeoutOptionUnknown, needsFullProbe, rtspError } from '../../../capture-client/sources/rtsp-error.js';
import { RtspLog } from '../../../capture-client/sources/rtsp-log.js';

const PASSWORDS = ['rtsp://admin:wr%40ng@h/', 'rtsp://admin:s3cr%3At%20p%40ss@h/'];
const BEFORE_START = { code: 1, signal: null, started: false };

function errors(name: string): string[] {
  const log = new RtspLog((text) => maskSecrets(text, ...PASSWORDS));
  for (const line of readFileSync(new URL(`../../fixtures/capture/${name}`, import.meta.url), 'utf8').split('\n')) log.line(line);
  return log.errors;
}

describe('rtsp-error', () => {
  describe('#rtspError', () => {
    it("reports a 401 as CAMERA_AUTH in the camera's own words, with no password", () => {
      const err = rtspError(errors('rtsp-401.txt'), BEFORE_START);
      expect(err.code).toBe('CAMERA_AUTH');
      expect(err.message).toContain('"method DESCRIBE failed: 401 Unauthorized"');
      expect(err.message).toContain('CAMRELAY_CAMERA_URL');
      expect(err.message).not.toMatch(/wr%40ng|wr@ng/);
    });

    it('reports a path the camera does not serve (404) as SOURCE_FAILED naming the path', () => {
      const err = rtspError(errors('rtsp-404.txt'), BEFORE_START);
      expect(err.code).toBe('SOURCE_FAILED');
      expect(err.message).toContain('"method DESCRIBE failed: 404 Not Found"');
      expect(err.message).toContain('path');
    });

    it('reports a refused connection as CAMERA_UNREACHABLE', () => {
      const err = rtspError(errors('rtsp-refused.txt'), BEFORE_START);
      expect(err.code).toBe('CAMERA_UNREACHABLE');
      expect(err.message).toContain('Connection refused');
    });

    it('reports a camera that accepts the connection and then says nothing (the socket timeout) as CAMERA_UNREACHABLE', () => {
      const err = rtspError(errors('rtsp-silent.txt'), BEFORE_START);
      expect(err.code).toBe('CAMERA_UNREACHABLE');
      expect(err.message).toContain('rtsp://admin:***@127.0.0.1:18558/sub: Invalid data found when processing input');
    });

    it("reports a stream that ends after frames came, with nothing said, as the camera's stream ending", () => {
      const err = rtspError([], { code: 0, signal: null, started: true });
      expect(err.code).toBe('CAMERA_UNREACHABLE');
      expect(err.message).toBe("The camera's stream ended (ffmpeg exited with code 0).");
    });

    it('reports an unknown failure before the first frame as SOURCE_FAILED with the last three lines', () => {
      const err = rtspError(['a', 'b', 'c', 'd'], { code: null, signal: 'SIGSEGV', started: false });
      expect(err.code).toBe('SOURCE_FAILED');
      expect(err.message).toBe('ffmpeg was killed by SIGSEGV: b | c | d.');
    });
  });

  describe('#isTimeoutOptionUnknown', () => {
    it("tells an ffmpeg that lacks -stimeout (ffmpeg 5 and later) from the camera's failures", () => {
      expect(isTimeoutOptionUnknown(errors('rtsp-unknown-option.txt'))).toBe(true);
      expect(isTimeoutOptionUnknown(errors('rtsp-401.txt'))).toBe(false);
    });
  });

  describe('#needsFullProbe', () => {
    it('tells a camera whose SDP gives no video size (the fast start found none) from the other failures', () => {
      expect(needsFullProbe(errors('rtsp-no-size.txt'))).toBe(true);
      expect(needsFullProbe(errors('rtsp-401.txt'))).toBe(false);
      expect(needsFullProbe(errors('rtsp-unknown-option.txt'))).toBe(false);
    });
  });
});
