/** ffmpeg's camera listings as the different ffmpeg versions and platforms print them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linuxVideoDevices, parseAvfoundationDevices, parseDshowDevices } from '../../../capture-client/sources/device-list.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/capture/${name}`, import.meta.url), 'utf8');

const C920_ALT = '@device_pnp_\\\\?\\usb#vid_046d&pid_082d&mi_00#7&2a4b3c5d&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9119bf6}\\global';

describe('device-list', () => {
  describe('#parseDshowDevices', () => {
    it('reads the ffmpeg 4 format: section headers, then quoted names and alternative names', () => {
      const text = fixture('dshow-list-ffmpeg4.txt');
      expect(text).toContain('\r\n');
      const devices = parseDshowDevices(text);
      expect(devices.map((d) => [d.kind, d.name])).toEqual([
        ['video', 'Integrated Camera'],
        ['video', 'Caméra USB (HD Pro Webcam C920)'],
        ['video', 'OBS Virtual Camera'],
        ['audio', 'Microphone (Realtek(R) Audio)'],
        ['audio', 'Microphone (HD Pro Webcam C920)'],
      ]);
      expect(devices[1]!.alternativeName).toBe(C920_ALT);
      expect(devices.every((d) => d.alternativeName?.startsWith('@device_'))).toBe(true);
    });

    it('reads the ffmpeg 5+ format, where the kind follows the name in parentheses', () => {
      const devices = parseDshowDevices(fixture('dshow-list-ffmpeg6.txt'));
      expect(devices.map((d) => [d.kind, d.name])).toEqual([
        ['video', 'Integrated Camera'],
        ['video', 'Caméra USB (HD Pro Webcam C920)'],
        ['video', 'OBS Virtual Camera'],
        ['audio', 'Microphone (Realtek(R) Audio)'],
        ['audio', 'Microphone (HD Pro Webcam C920)'],
      ]);
      expect(devices[1]!.alternativeName).toBe(C920_ALT);
    });

    it('reads names with ":", quotes and non-ASCII letters whole', () => {
      const devices = parseDshowDevices(fixture('dshow-list-awkward-names.txt'));
      expect(devices.map((d) => [d.kind, d.name])).toEqual([
        ['video', 'USB Video Device: Front'],
        ['video', 'Logi "Studio" Cam'],
        ['video', 'Камера ноутбука'],
        ['video', 'カメラ: 背面'],
        ['audio', 'Headset: Microphone (Jabra Evolve 40)'],
      ]);
      expect(devices.every((d) => d.alternativeName?.startsWith('@device_'))).toBe(true);
    });

    it('gives both formats the same result', () => {
      expect(parseDshowDevices(fixture('dshow-list-ffmpeg6.txt'))).toEqual(parseDshowDevices(fixture('dshow-list-ffmpeg4.txt')));
    });

    it('lists one entry per kind for a device that is both video and audio', () => {
      const text = '[dshow @ 00000197f1b0c240] "Elgato Cam Link 4K" (audio, video)\r\n' + '[dshow @ 00000197f1b0c240]   Alternative name "@device_pnp_x"\r\n';
      expect(parseDshowDevices(text)).toEqual([
        { name: 'Elgato Cam Link 4K', kind: 'video', alternativeName: '@device_pnp_x' },
        { name: 'Elgato Cam Link 4K', kind: 'audio', alternativeName: '@device_pnp_x' },
      ]);
    });

    it('finds no camera when ffmpeg could not enumerate any', () => {
      const devices = parseDshowDevices(fixture('dshow-list-empty.txt'));
      expect(devices.filter((d) => d.kind === 'video')).toEqual([]);
      expect(devices.map((d) => d.name)).toEqual(['Microphone (Realtek(R) Audio)']);
    });

    it('accepts 0x-prefixed log contexts and ignores lines without one', () => {
      const text = 'ffmpeg version 4.1\n[dshow @ 0x1f2e3d] DirectShow video devices\n[dshow @ 0x1f2e3d]  "Cam"\n"Not a device"\n';
      expect(parseDshowDevices(text)).toEqual([{ name: 'Cam', kind: 'video' }]);
    });
  });

  describe('#parseAvfoundationDevices', () => {
    it('reads the indexed video and audio sections', () => {
      expect(parseAvfoundationDevices(fixture('avfoundation-list.txt'))).toEqual([
        { name: 'FaceTime HD Camera', index: 0, kind: 'video' },
        { name: 'Caméra USB (Logitech BRIO)', index: 1, kind: 'video' },
        { name: 'Capture screen 0', index: 2, kind: 'video' },
        { name: 'MacBook Pro Microphone', index: 0, kind: 'audio' },
        { name: 'Microsoft Teams Audio', index: 1, kind: 'audio' },
      ]);
    });

    it('reads the older "AVFoundation input device" log context too', () => {
      const text =
        '[AVFoundation input device @ 0x7f8d6b40] AVFoundation video devices:\n' +
        '[AVFoundation input device @ 0x7f8d6b40] [0] FaceTime HD Camera (Built-in)\n';
      expect(parseAvfoundationDevices(text)).toEqual([{ name: 'FaceTime HD Camera (Built-in)', index: 0, kind: 'video' }]);
    });
  });

  describe('#linuxVideoDevices', () => {
    it("keeps only picture nodes (sysfs index 0), not a camera's metadata node", () => {
      const index: Record<string, number> = { video0: 0, video1: 1, video2: 0, video3: 1 };
      expect(linuxVideoDevices(['video3', 'video0', 'video1', 'video2'], (e) => index[e] ?? null).map((d) => d.name)).toEqual(['/dev/video0', '/dev/video2']);
    });

    it('keeps videoN entries as /dev paths in numeric order', () => {
      expect(linuxVideoDevices(['video10', 'null', 'video2', 'video0', 'videox', 'v4l']).map((d) => d.name)).toEqual([
        '/dev/video0',
        '/dev/video2',
        '/dev/video10',
      ]);
    });
  });
});
