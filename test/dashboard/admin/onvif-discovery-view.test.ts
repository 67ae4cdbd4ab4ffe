import { describe, expect, it } from 'vitest';
import { bareUri, parseDiscovered, pickStreams, profileLine } from '../../../dashboard/src/admin/onvif-discovery-view.js';

const profile = (name: string, width: number, height: number, codec = 'H264', uri: string | null = `rtsp://admin:YOUR-PASSWORD@10.0.0.9/${name}`) => ({
  name,
  width,
  height,
  codec,
  uri,
});

describe('pickStreams', () => {
  it('takes the smallest profile live and the largest H.264 one to record, without the credentials', () => {
    expect(pickStreams([profile('main', 2560, 1440), profile('third', 320, 180, 'JPEG'), profile('sub', 640, 360)])).toEqual({
      url: 'rtsp://10.0.0.9/third',
      recordUrl: 'rtsp://10.0.0.9/main',
    });
  });

  it('records nothing apart when the camera has one profile, and skips profiles without a URI', () => {
    expect(pickStreams([profile('only', 1920, 1080), profile('none', 320, 180, 'H264', null)])).toEqual({ url: 'rtsp://10.0.0.9/only', recordUrl: null });
    expect(pickStreams([profile('none', 320, 180, 'H264', null)])).toBeNull();
  });
});

describe('bareUri', () => {
  it('drops the user name and password placeholder, and leaves what is not a URL as it is', () => {
    expect(bareUri('rtsp://admin:YOUR-PASSWORD@10.0.0.9:554/s1')).toBe('rtsp://10.0.0.9:554/s1');
    expect(bareUri('not a url')).toBe('not a url');
  });
});

describe('profileLine', () => {
  it('reads as name, codec and size', () => {
    expect(profileLine(profile('MainStream', 1280, 720))).toBe('MainStream: H264 1280×720');
    expect(profileLine({ name: 'X', width: null, height: null, codec: 'H265', uri: null })).toBe('X: H265 size unknown');
  });
});

describe('parseDiscovered', () => {
  it('keeps well-formed cameras and skips the rest', () => {
    const ok = { address: 'http://10.0.0.9/onvif/device_service', ok: true, maker: 'A', model: 'B', ptz: false, profiles: [] };
    const down = { address: 'http://10.0.0.8/onvif/device_service', ok: false, why: 'timeout' };
    expect(parseDiscovered({ cameras: [ok, down, { address: 1 }, null, { address: 'x', ok: true }] })).toEqual([ok, down]);
    expect(parseDiscovered(null)).toEqual([]);
  });
});
