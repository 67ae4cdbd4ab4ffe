import { describe, expect, it } from 'vitest';
import { cameraUrlProblem } from '../../shared/camera-url.js';

const RTSP = ['rtsp:', 'rtsps:'];
const HTTP = ['http:', 'https:'];

describe('cameraUrlProblem', () => {
  it('takes addresses with credentials, a port, a query, an IPv6 host and any case of scheme', () => {
    for (const url of ['rtsp://admin:p%40ss@192.168.1.20:554/stream1', 'RTSPS://cam.lan/x?channel=1&subtype=1', 'rtsp://[fe80::1]:554/s', 'rtsp://cam'])
      expect(cameraUrlProblem(url, RTSP)).toBeNull();
    expect(cameraUrlProblem('http://10.0.0.8/snap.jpg', HTTP)).toBeNull();
  });

  it('refuses CR, LF, tab, NUL, DEL and invisible characters, which new URL() would silently drop', () => {
    for (const c of ['\r\n', '\n', '\r', '\t', '\0', '\x7f', '\x85', '\u202e', '\u200b'])
      expect(cameraUrlProblem(`rtsp://10.0.0.9/stream${c}X-Injected: a`, RTSP)).toMatch(/line break, tab or other control character/);
  });

  it('refuses a space anywhere, and says how to write one in a password', () => {
    expect(cameraUrlProblem('rtsp://u:a b@10.0.0.9/x', RTSP)).toMatch(/has a space: .*%20/);
    expect(cameraUrlProblem(' rtsp://10.0.0.9/x', RTSP)).toMatch(/has a space/);
    expect(cameraUrlProblem('rtsp://10.0.0.9/x\u00a0', RTSP)).toMatch(/has a space/);
  });

  it('refuses an address without // and a host: rtsp:/etc/passwd, rtsp:///x, rtsp://:554/x', () => {
    expect(cameraUrlProblem('rtsp:/etc/passwd', RTSP)).toMatch(/must start with rtsp:\/\/ or rtsps:\/\//);
    expect(cameraUrlProblem('rtsp:///stream', RTSP)).toMatch(/names no camera address/);
    expect(cameraUrlProblem('rtsp://:554/stream', RTSP)).toMatch(/names no camera address/);
    expect(cameraUrlProblem('rtsp://user:pw@/stream', RTSP)).toMatch(/names no camera address/);
    // The WHATWG parser finds a host in these that was never typed as one.
    expect(cameraUrlProblem('http:///snap.jpg', HTTP)).toMatch(/names no camera address/);
    expect(cameraUrlProblem('http://\\snap.jpg', HTTP)).toMatch(/names no camera address/);
    expect(cameraUrlProblem('rtsp://10.0.0.9:99999/x', RTSP)).toMatch(/is not a URL/);
  });

  it("refuses another kind's scheme and never echoes the address", () => {
    const said = cameraUrlProblem('http://admin:hunter2@10.0.0.9/x', RTSP)!;
    expect(said).toContain('must start with rtsp://');
    expect(said).not.toContain('hunter2');
    expect(cameraUrlProblem('file:///etc/passwd', HTTP)).toMatch(/must start with http:\/\/ or https:\/\//);
  });
});
