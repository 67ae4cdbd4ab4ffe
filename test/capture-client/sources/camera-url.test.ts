import { describe, expect, it } from 'vitest';
import { maskSecrets, maskUrl, resolveCameraUrl } from '../../../capture-client/sources/camera-url.js';

describe('camera-url', () => {
  it('masks the password and keeps the user name', () => {
    expect(maskUrl('rtsp://admin:s3cr%40t@10.0.0.9:554/sub')).toBe('rtsp://admin:***@10.0.0.9:554/sub');
    expect(maskUrl('not a url')).toBe('<camera URL>');
  });

  it('masks the password in free text, raw and percent-encoded', () => {
    const url = 'rtsp://admin:s3cr%40t@10.0.0.9/sub';
    expect(maskSecrets('Opening rtsp://admin:s3cr%40t@10.0.0.9/sub (pw s3cr@t)', url)).toBe('Opening rtsp://admin:***@10.0.0.9/sub (pw ***)');
  });

  it('hands ffmpeg the address a host name resolves to, and an address as it is', async () => {
    const lookup = async (host: string) => (host === 'porch.lan' ? '192.168.1.20' : '::1');
    expect(await resolveCameraUrl('rtsp://u:p@porch.lan:554/a?b=1', lookup)).toBe('rtsp://u:p@192.168.1.20:554/a?b=1');
    expect(await resolveCameraUrl('rtsp://v6.lan/a', lookup)).toBe('rtsp://[::1]/a');
    expect(await resolveCameraUrl('http://10.0.0.2/snap.jpg', lookup)).toBe('http://10.0.0.2/snap.jpg');
  });

  it('calls a name that does not resolve CAMERA_UNREACHABLE', async () => {
    const lookup = async () => {
      throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
    };
    await expect(resolveCameraUrl('rtsp://gone.lan/a', lookup)).rejects.toMatchObject({ code: 'CAMERA_UNREACHABLE' });
  });
});
