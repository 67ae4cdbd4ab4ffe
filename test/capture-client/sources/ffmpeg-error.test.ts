/** ffmpeg's stderr turned into one error that says what to do, from the messages ffmpeg prints on each platform. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CamrelayError } from '../../../shared/errors.js';
import { parseFfmpegError } from '../../../capture-client/sources/ffmpeg-error.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/capture/${name}`, import.meta.url), 'utf8');

describe('ffmpeg-error', () => {
  describe('#parseFfmpegError', () => {
    it('reports a dshow camera that is not there as CAMERA_NOT_FOUND, quoting ffmpeg', () => {
      const err = parseFfmpegError(fixture('dshow-not-found.txt'), { platform: 'win32', device: 'Logitech Webcam' });
      expect(err).toBeInstanceOf(CamrelayError);
      expect(err.code).toBe('CAMERA_NOT_FOUND');
      expect(err.message).toContain('Could not find video device with name [Logitech Webcam]');
      expect(err.message).toContain('--list-devices');
      expect(err.message).not.toContain('[dshow @');
    });

    it('reports a dshow name broken at its ":" as BAD_CONFIG, not as a missing camera', () => {
      const err = parseFfmpegError(fixture('dshow-malformed.txt'), { platform: 'win32', device: 'USB Video Device: Front' });
      expect(err.code).toBe('BAD_CONFIG');
      expect(err.message).toContain('camera "USB Video Device: Front"');
      expect(err.message).toMatch(/":" as a separator.*--device 0.*--list-devices/);
    });

    it('reports a busy or blocked dshow camera as CAMERA_BUSY, naming both fixes', () => {
      const err = parseFfmpegError(fixture('dshow-busy.txt'), { platform: 'win32', device: 'Integrated Camera' });
      expect(err.code).toBe('CAMERA_BUSY');
      expect(err.message).toContain('Could not run graph');
      expect(err.message).toContain('close the other app using the camera');
      expect(err.message).toContain('desktop apps access your camera');
    });

    it('reports a size or rate the camera does not offer as BAD_CONFIG', () => {
      const err = parseFfmpegError(fixture('dshow-bad-mode.txt'), { platform: 'win32' });
      expect(err.code).toBe('BAD_CONFIG');
      expect(err.message).toContain('Could not set video options');
    });

    it('reports a busy v4l2 device as CAMERA_BUSY', () => {
      const err = parseFfmpegError(fixture('v4l2-busy.txt'), { platform: 'linux', device: '0' });
      expect(err.code).toBe('CAMERA_BUSY');
      expect(err.message).toContain('Device or resource busy');
      expect(err.message).toContain('close the other app');
    });

    it('tells Linux users to join the video group on Permission denied', () => {
      const err = parseFfmpegError(fixture('v4l2-permission.txt'), { platform: 'linux' });
      expect(err.code).toBe('CAMERA_DENIED');
      expect(err.message).toContain('Permission denied');
      expect(err.message).toContain('usermod -aG video');
    });

    it('reports a missing v4l2 device as CAMERA_NOT_FOUND', () => {
      const err = parseFfmpegError(
        ['[video4linux2,v4l2 @ 0x33b6ccc0] Cannot open video device /dev/video99: No such file or directory', '/dev/video99: No such file or directory'],
        { platform: 'linux', device: '99' },
      );
      expect(err.code).toBe('CAMERA_NOT_FOUND');
    });

    it('reports an avfoundation camera that is not there as CAMERA_NOT_FOUND', () => {
      expect(parseFfmpegError(fixture('avfoundation-not-found.txt'), { platform: 'darwin', device: '3' }).code).toBe('CAMERA_NOT_FOUND');
    });

    it('points macOS users at the camera privacy setting when access is denied', () => {
      const err = parseFfmpegError(fixture('avfoundation-denied.txt'), { platform: 'darwin' });
      expect(err.code).toBe('CAMERA_DENIED');
      expect(err.message).toContain('Privacy & Security > Camera');
    });

    it('falls back to SOURCE_FAILED with the exit code and the last lines', () => {
      const err = parseFfmpegError(['something odd', 'then this'], { platform: 'linux', exitCode: 1 });
      expect(err.code).toBe('SOURCE_FAILED');
      expect(err.message).toBe('ffmpeg exited with code 1: something odd | then this');
      expect(parseFfmpegError([], { platform: 'linux', signal: 'SIGKILL' }).message).toBe('ffmpeg was killed by SIGKILL and printed nothing');
    });
  });
});
