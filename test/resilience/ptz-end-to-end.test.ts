/**
 * PTZ through every real part (#29): the real capture program with --onvif (its camera a stand-in ONVIF device,
 * the point being what reaches it), a real relay, and a real admin's /monitor socket. The caps reach the camera's
 * entry, an admin's move and stop reach the camera as ContinuousMove and Stop, and a viewer is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import type { PtzReply } from '../../shared/ptz.js';
import { startCaptureProgram, type CaptureProgram } from '../helpers/capture-program.js';
import { startOnvifDevice, type OnvifDevice } from '../helpers/onvif-device.js';
import { freePort } from '../helpers/processes.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';

const VIEWER = { username: 'family', password: 'family-password-1' };

describe('PTZ from the Live Monitor socket to the camera', () => {
  let relay: TestServer;
  let device: OnvifDevice;
  let program: CaptureProgram;
  let admin: TestViewer;
  const ptz = (who: TestViewer, command: unknown) => who.socket.timeout(15_000).emitWithAck('ptz', { cameraId: 'dome', command }) as Promise<PtzReply>;

  beforeAll(async () => {
    relay = await startTestServer();
    relay.store.putUser({ username: VIEWER.username, role: 'viewer', cameras: '*', password: await hashPassword(VIEWER.password) });
    device = await startOnvifDevice({ ptz: true, presets: [{ token: 'p1', name: 'Gate' }] });
    // No RTSP server at this address: the camera waits while ONVIF and the relay connection work.
    const url = `rtsp://admin:Dome-pw-5@127.0.0.1:${await freePort()}/main`;
    program = startCaptureProgram(['--server', relay.url, '--camera', 'dome', '--token', relay.captureToken, '--source', 'rtsp', '--onvif', device.address], {
      CAMRELAY_CAMERA_URL: url,
    });
    admin = connectViewer(relay.url, { cameraIds: ['dome'] });
    await waitFor(() => admin.cameras.find((c) => c.id === 'dome')?.ptz, "the camera's ptz on its entry", 30_000);
  }, 60_000);

  afterAll(async () => {
    admin?.close();
    await program?.kill();
    await device?.close();
    await stopTestServer(relay);
  });

  it('shows what the camera can do on its entry, as the capture side read it from the camera', () => {
    expect(admin.cameras.find((c) => c.id === 'dome')!.ptz).toEqual({ pan: true, tilt: true, zoom: true, presets: [{ token: 'p1', name: 'Gate' }] });
  });

  it("carries an admin's move, stop and preset to the camera", async () => {
    expect(await ptz(admin, { op: 'move', pan: 0.5, tilt: 0, zoom: 0 })).toEqual({ ok: true });
    expect(await ptz(admin, { op: 'stop' })).toEqual({ ok: true });
    expect(await ptz(admin, { op: 'preset', preset: 'p1' })).toEqual({ ok: true });
    expect(device.bodies('ContinuousMove')[0]).toMatch(/<PanTilt x="0.5" y="0"/);
    expect(device.bodies('Stop').length).toBeGreaterThanOrEqual(1);
    expect(device.bodies('GotoPreset')[0]).toContain('<PresetToken>p1</PresetToken>');
  });

  it('refuses a viewer, and nothing reaches the camera', async () => {
    const viewer = connectViewer(relay.url, { cameraIds: ['dome'], auth: VIEWER });
    try {
      await waitFor(() => viewer.socket.connected, 'the viewer connected');
      const moves = device.bodies('ContinuousMove').length;
      expect(await ptz(viewer, { op: 'move', pan: -1, tilt: 0, zoom: 0 })).toMatchObject({ ok: false, error: 'FORBIDDEN' });
      expect(device.bodies('ContinuousMove')).toHaveLength(moves);
    } finally {
      viewer.close();
    }
  });
});
