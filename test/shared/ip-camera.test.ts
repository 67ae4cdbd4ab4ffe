import { describe, expect, it } from 'vitest';
import { validateIpCamera } from '../../shared/ip-camera.js';

describe('validateIpCamera', () => {
  it('takes an rtsp camera with its main stream, and an http snapshot camera', () => {
    const rtsp = { id: 'porch', kind: 'rtsp', url: 'rtsp://u:p@10.0.0.9/sub', recordUrl: 'rtsp://u:p@10.0.0.9/main', rtspTransport: 'udp', fps: 10 };
    expect(validateIpCamera(rtsp)).toEqual({ ok: true, value: rtsp });
    expect(validateIpCamera({ id: 'gate', kind: 'snapshot', url: 'http://10.0.0.8/snap.jpg' }).ok).toBe(true);
  });

  it('names the field at fault and never echoes the URL with its password', () => {
    const wrong = validateIpCamera({ id: 'porch', kind: 'mjpeg', url: 'rtsp://admin:secret@10.0.0.9/x' });
    expect(wrong.ok).toBe(false);
    if (wrong.ok) return;
    expect(wrong.error.code).toBe('BAD_IP_CAMERA');
    expect(wrong.error.message).toContain('url: a mjpeg camera');
    expect(wrong.error.message).not.toContain('secret');
    const bad = (v: unknown) => (validateIpCamera(v) as { error: { message: string } }).error.message;
    expect(bad({ id: 'a b', kind: 'rtsp', url: 'rtsp://h/x' })).toContain('id:');
    expect(bad({ id: 'a', kind: 'onvif', url: 'rtsp://h/x' })).toContain('kind:');
    expect(bad({ id: 'a', kind: 'rtsp', url: 'x'.repeat(3000) })).toContain('url:');
    expect(bad({ id: 'a', kind: 'snapshot', url: 'http://h/x', recordUrl: 'http://h/y' })).toContain('rtsp cameras only');
    expect(bad(null)).toContain('body');
  });
});
