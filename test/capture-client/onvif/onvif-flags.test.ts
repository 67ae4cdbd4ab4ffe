import { describe, expect, it } from 'vitest';
import { parseCaptureArgs } from '../../../capture-client/cli.js';

const run = ['--server', 'http://127.0.0.1:3000', '--camera', 'porch', '--token', 't', '--source', 'rtsp'];
const URL_ENV = { CAMRELAY_CAMERA_URL: 'rtsp://admin:s%40cret@192.168.1.20:554/stream1' };

describe('the ONVIF flags', () => {
  it('reads --list-devices --onvif with no value, and --onvif-probe addresses with or without a port', () => {
    expect(parseCaptureArgs(['--list-devices', '--onvif'], {})).toEqual({ kind: 'list-devices', onvif: { probes: [] } });
    const parsed = parseCaptureArgs(['--list-devices', '--onvif', '--onvif-probe', '192.168.1.20, 10.0.0.7:3703'], {});
    expect(parsed).toEqual({
      kind: 'list-devices',
      onvif: {
        probes: [
          { host: '192.168.1.20', port: 3702 },
          { host: '10.0.0.7', port: 3703 },
        ],
      },
    });
  });

  it('refuses --onvif-probe without --list-devices --onvif', () => {
    expect(() => parseCaptureArgs(['--list-devices', '--onvif-probe', '10.0.0.1'], {})).toThrow(/--onvif-probe goes with --list-devices --onvif/);
    expect(() => parseCaptureArgs([...run, '--onvif-probe', '10.0.0.1'], URL_ENV)).toThrow(/--onvif-probe goes with/);
  });

  it('takes discovery credentials from the environment only', () => {
    const env = { CAMRELAY_ONVIF_USER: 'admin', CAMRELAY_ONVIF_PASSWORD: 'pw' };
    expect(parseCaptureArgs(['--list-devices', '--onvif'], env)).toMatchObject({ onvif: { user: 'admin', password: 'pw' } });
  });

  it('refuses a probe that is not an IPv4 address, and too many', () => {
    expect(() => parseCaptureArgs(['--list-devices', '--onvif', '--onvif-probe', 'porch.lan'], {})).toThrow(/--onvif-probe="porch.lan" is not valid/);
    const many = Array.from({ length: 65 }, (_, i) => `10.0.0.${i}`).join(',');
    expect(() => parseCaptureArgs(['--list-devices', '--onvif', '--onvif-probe', many], {})).toThrow(/at most 64/);
  });

  it("gives --onvif the RTSP URL's user and password unless CAMRELAY_ONVIF_USER is set", () => {
    const parsed = parseCaptureArgs([...run, '--onvif', 'http://192.168.1.20:8080'], URL_ENV);
    expect(parsed).toMatchObject({ command: { onvif: { address: 'http://192.168.1.20:8080/', user: 'admin', password: 's@cret' } } });
    const own = parseCaptureArgs([...run, '--onvif', 'http://192.168.1.20'], { ...URL_ENV, CAMRELAY_ONVIF_USER: 'ptz', CAMRELAY_ONVIF_PASSWORD: 'x' });
    expect(own).toMatchObject({ command: { onvif: { user: 'ptz', password: 'x' } } });
  });

  it('refuses --onvif without --source rtsp, with credentials in it, or not http', () => {
    expect(() => parseCaptureArgs(['--server', 'http://h:1', '--camera', 'c', '--token', 't', '--onvif', 'http://1.2.3.4'], {})).toThrow(/needs --source rtsp/);
    expect(() => parseCaptureArgs([...run, '--onvif', 'http://admin:secret@1.2.3.4'], URL_ENV)).toThrow(/no user name or password/);
    expect(() => parseCaptureArgs([...run, '--onvif', 'http://admin:secret@1.2.3.4'], URL_ENV)).not.toThrow(/secret/);
    expect(() => parseCaptureArgs([...run, '--onvif', 'rtsp://1.2.3.4'], URL_ENV)).toThrow(/use http/);
    expect(() => parseCaptureArgs([...run, '--onvif'], URL_ENV)).toThrow(/--onvif/);
  });
});
