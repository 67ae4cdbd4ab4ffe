/** ffmpeg's stderr for an RTSP camera, as the bundled ffmpeg wrote it against the test camera, read line by line. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../../capture-client/sources/camera-url.js';
import { codecName, RtspLog } from '../../../capture-client/sources/rtsp-log.js';

const URL_404 = 'rtsp://admin:s3cr%3At%20p%40ss@127.0.0.1:18554/nope';
const fixture = (name: string): string[] => readFileSync(new URL(`../../fixtures/capture/${name}`, import.meta.url), 'utf8').split('\n');

function read(name: string, url = URL_404): RtspLog {
  const log = new RtspLog((text) => maskSecrets(text, url));
  for (const line of fixture(name)) log.line(line);
  return log;
}

describe('RtspLog', () => {
  describe('#line', () => {
    it('keeps the error lines without their context and level, the password masked raw and percent-encoded', () => {
      const log = read('rtsp-404.txt');
      expect(log.errors).toEqual(['method DESCRIBE failed: 404 Not Found', 'rtsp://admin:***@127.0.0.1:18554/nope: Server returned 404 Not Found']);
    });

    it("reads the camera stream's codec and size from the input's description, not the output's", () => {
      const log = read('rtsp-live.txt');
      expect(log.stream).toEqual({ codec: 'h264', width: 1280, height: 720 });
      // The concealment notices and the pixel format warning of a stream joined between keyframes are no errors.
      expect(log.errors).toEqual([]);
    });

    it('counts lines with no level (option errors) as errors', () => {
      const log = read('rtsp-unknown-option.txt');
      expect(log.errors).toEqual(["Unrecognized option 'stimeout'.", 'Error splitting the argument list: Option not found']);
    });

    it('keeps only the last 20 errors, each at most 500 characters', () => {
      const log = new RtspLog((t) => t);
      for (let i = 0; i < 30; i++) log.line(`[error] line ${i} ${'x'.repeat(600)}`);
      expect(log.errors).toHaveLength(20);
      expect(log.errors[0]).toMatch(/^line 10 /);
      expect(log.errors[0]).toHaveLength(500);
    });
  });

  describe('#reset', () => {
    it('forgets the stream and the errors of the run before', () => {
      const log = read('rtsp-live.txt');
      log.line('[error] boom');
      log.reset();
      expect(log.stream).toBeNull();
      expect(log.errors).toEqual([]);
    });
  });

  describe('codecName', () => {
    it('names codecs as camera menus do', () => {
      expect([codecName('h264'), codecName('hevc'), codecName('vp8')]).toEqual(['H.264', 'H.265', 'VP8']);
    });
  });
});
