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
    expect(wrong.error.code).toBe('BAD_CAMERA_URL');
    expect(wrong.error.field).toBe('url');
    expect(wrong.error.message).toContain('url: the address must start with http:// or https://');
    expect(wrong.error.message).not.toContain('secret');
    const bad = (v: unknown) => (validateIpCamera(v) as { error: { message: string } }).error.message;
    expect(bad({ id: 'a b', kind: 'rtsp', url: 'rtsp://h/x' })).toContain('id:');
    expect(bad({ id: 'a', kind: 'onvif', url: 'rtsp://h/x' })).toContain('kind:');
    expect(bad({ id: 'a', kind: 'rtsp', url: 'x'.repeat(3000) })).toContain('url:');
    expect(bad({ id: 'a', kind: 'snapshot', url: 'http://h/x', recordUrl: 'http://h/y' })).toContain('rtsp cameras only');
    expect(bad(null)).toContain('body');
  });

  it('refuses a control character, a space or no host in the address as typed, naming the field (#37)', () => {
    const refusal = (v: object) => {
      const r = validateIpCamera({ id: 'porch', kind: 'rtsp', url: 'rtsp://u:hunter2@10.0.0.9/sub', ...v });
      return r.ok ? null : { code: r.error.code, field: r.error.field, message: r.error.message };
    };
    const crlf = refusal({ url: 'rtsp://u:hunter2@10.0.0.9/stream\r\nX-Injected: a\r\nCSeq: 99' });
    expect(crlf).toMatchObject({ code: 'BAD_CAMERA_URL', field: 'url' });
    expect(crlf!.message).toContain('line break');
    expect(crlf!.message).not.toContain('hunter2');
    expect(refusal({ recordUrl: 'rtsp:/etc/passwd' })).toMatchObject({ code: 'BAD_CAMERA_URL', field: 'recordUrl' });
    expect(refusal({ url: 'rtsp:///stream' })).toMatchObject({ code: 'BAD_CAMERA_URL', field: 'url' });
    expect(refusal({ url: 'rtsp://u:p w@10.0.0.9/sub' })!.message).toContain('a space');
    expect(refusal({ url: 'x'.repeat(3000) })).toMatchObject({ code: 'BAD_IP_CAMERA', field: 'url' });
    expect(refusal({})).toBeNull();
  });
});
