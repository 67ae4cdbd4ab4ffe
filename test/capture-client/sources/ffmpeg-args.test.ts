/** The ffmpeg argument arrays per platform: what each capture backend needs, and never a shell. */
import { describe, expect, it } from 'vitest';
import { buildCaptureArgs, buildListDevicesArgs, dshowInput, isCapturePlatform, linuxDevicePath } from '../../../capture-client/sources/ffmpeg-args.js';

/** The value that follows a flag, or undefined. */
function after(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
}

describe('ffmpeg-args', () => {
  describe('#buildCaptureArgs', () => {
    it('always starts quiet and never reads stdin', () => {
      for (const platform of ['win32', 'linux', 'darwin'] as const) {
        const args = buildCaptureArgs({ platform, device: '0', fps: 10 });
        expect(args.slice(0, 4)).toEqual(['-hide_banner', '-loglevel', 'error', '-nostdin']);
        expect(after(args, '-fflags')).toBe('nobuffer');
        expect(args.indexOf('-fflags')).toBeLessThan(args.indexOf('-i'));
        expect(args.at(-1)).toBe('pipe:1');
      }
    });

    it("asks dshow for the camera's MJPEG and copies it, with the device as one argv element", () => {
      const args = buildCaptureArgs({ platform: 'win32', device: 'Caméra USB (HD Pro Webcam C920)', fps: 15, width: 1280, height: 720 });
      expect(args).toEqual([
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-fflags',
        'nobuffer',
        '-f',
        'dshow',
        '-rtbufsize',
        '64M',
        '-vcodec',
        'mjpeg',
        '-video_size',
        '1280x720',
        '-framerate',
        '15',
        '-i',
        'video=Caméra USB (HD Pro Webcam C920)',
        '-an',
        '-c:v',
        'copy',
        '-f',
        'mjpeg',
        'pipe:1',
      ]);
    });

    it('passes a dshow alternative name through as is', () => {
      const alt = '@device_pnp_\\\\?\\usb#vid_046d&pid_082d&mi_00#7&2a4b3c5d&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9119bf6}\\global';
      expect(after(buildCaptureArgs({ platform: 'win32', device: alt, fps: 10 }), '-i')).toBe(`video=${alt}`);
    });

    it('leaves -video_size out unless both width and height are given', () => {
      expect(buildCaptureArgs({ platform: 'win32', device: 'Cam', fps: 10, width: 640 })).not.toContain('-video_size');
      expect(buildCaptureArgs({ platform: 'linux', device: '0', fps: 10 })).not.toContain('-video_size');
    });

    it('reads v4l2 MJPEG from /dev/videoN on Linux, taking an index or a path', () => {
      const args = buildCaptureArgs({ platform: 'linux', device: '2', fps: 30, width: 640, height: 480 });
      expect(args).toEqual([
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-fflags',
        'nobuffer',
        '-f',
        'v4l2',
        '-input_format',
        'mjpeg',
        '-video_size',
        '640x480',
        '-framerate',
        '30',
        '-i',
        '/dev/video2',
        '-an',
        '-c:v',
        'copy',
        '-f',
        'mjpeg',
        'pipe:1',
      ]);
      expect(after(buildCaptureArgs({ platform: 'linux', device: '/dev/v4l/by-id/usb-cam', fps: 30 }), '-i')).toBe('/dev/v4l/by-id/usb-cam');
    });

    it('encodes to MJPEG on macOS, where avfoundation cannot copy it', () => {
      const args = buildCaptureArgs({ platform: 'darwin', device: 'FaceTime HD Camera', fps: 30, width: 1280, height: 720 });
      expect(args).toEqual([
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-fflags',
        'nobuffer',
        '-f',
        'avfoundation',
        '-framerate',
        '30',
        '-video_size',
        '1280x720',
        '-i',
        'FaceTime HD Camera',
        '-an',
        '-c:v',
        'mjpeg',
        '-q:v',
        '5',
        '-f',
        'mjpeg',
        'pipe:1',
      ]);
      expect(after(buildCaptureArgs({ platform: 'darwin', device: '0', fps: 30 }), '-i')).toBe('0');
    });
  });

  describe('#buildListDevicesArgs', () => {
    it('lists dshow devices on Windows at info level', () => {
      const args = buildListDevicesArgs('win32')!;
      expect(args).toEqual(['-hide_banner', '-nostdin', '-list_devices', 'true', '-f', 'dshow', '-i', 'dummy']);
      expect(args).not.toContain('-loglevel');
    });

    it('lists avfoundation devices on macOS with an empty input', () => {
      expect(buildListDevicesArgs('darwin')).toEqual(['-hide_banner', '-nostdin', '-f', 'avfoundation', '-list_devices', 'true', '-i', '']);
    });

    it('returns null on Linux, where /dev/video* is the list', () => {
      expect(buildListDevicesArgs('linux')).toBeNull();
    });
  });

  describe('#linuxDevicePath', () => {
    it('turns an index into /dev/videoN and keeps a path', () => {
      expect(linuxDevicePath('0')).toBe('/dev/video0');
      expect(linuxDevicePath('/dev/video3')).toBe('/dev/video3');
    });
  });

  describe('#dshowInput', () => {
    it('adds video= once', () => {
      expect(dshowInput('Integrated Camera')).toBe('video=Integrated Camera');
      expect(dshowInput('video=Integrated Camera')).toBe('video=Integrated Camera');
    });
  });

  describe('#isCapturePlatform', () => {
    it('accepts the three capture platforms only', () => {
      expect(['win32', 'linux', 'darwin', 'freebsd'].map(isCapturePlatform)).toEqual([true, true, true, false]);
    });
  });
});
