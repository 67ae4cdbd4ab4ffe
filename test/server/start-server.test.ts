import { afterEach, describe, expect, it } from 'vitest';
import { CamrelayError } from '../../shared/errors.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer | undefined;
let camera: TestCamera | undefined;
let viewer: TestViewer | undefined;

afterEach(async () => {
  viewer?.close();
  camera?.stop();
  await stopTestServer(server);
  server = viewer = camera = undefined;
});

describe('startServer', () => {
  describe('with recording switched off (CAMRELAY_MODULES_OFF=recording,detection,offsite)', () => {
    it('starts and serves live JPEG to a viewer', async () => {
      server = await startTestServer({ modulesOff: ['recording', 'detection', 'offsite'] });
      viewer = connectViewer(server.url);
      camera = await startCamera(server.url, server.captureToken, 'porch');
      await waitFor(() => viewer!.frames.filter((f) => f.cameraId === 'porch').length >= 5, 'five live frames of porch at the viewer');
      expect(server.provided.get('recording')).toBeUndefined();
      expect(() => server!.recording).toThrow(new CamrelayError('RECORDING_OFF'));
    });

    it('answers the modules that only wanted recording: setup says nothing records, events say none are written', async () => {
      server = await startTestServer({ modulesOff: ['recording', 'offsite', 'detection'] });
      expect(server.provided.need('events').written).toBe(false);
      const res = await fetch(`${server.url}/api/setup-status`, { headers: server.adminAuth });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { recording: boolean }).recording).toBe(false);
      const recordings = await fetch(`${server.url}/api/recordings?day=2026-11-27`, { headers: server.adminAuth });
      expect(recordings.status).toBe(404);
    });
  });

  it('refuses to start without a module another one needs, naming both', async () => {
    await expect(startTestServer({ modulesOff: ['recording'] })).rejects.toThrow(
      'CAMRELAY_MODULES_OFF switches "recording" off, which "detection" needs: switch "detection" off too.',
    );
  });
});
