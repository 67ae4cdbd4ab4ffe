/**
 * Camera ids that are Object.prototype names (#55 item 7): `constructor`, `toString`, `hasOwnProperty`
 * and `valueOf` are valid ids, and their detection and recording settings save, read back and survive
 * a restart through the real routes like any other camera's.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { getDetection, setDetection } from '../../helpers/detection-api.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

const NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf'];
let server: TestServer | undefined;
afterAll(() => stopTestServer(server));

describe('detection and recording settings of cameras named after Object.prototype', () => {
  it('saves, reads back and keeps after a restart the settings of constructor, toString, hasOwnProperty and valueOf', async () => {
    server = await startTestServer();
    const cookie = await login(server);
    for (const camera of NAMES) {
      expect(await setDetection(server, cookie, camera, { rate: 3 }), camera).toBe(200);
      const res = await fetch(`${server.url}/api/cameras/${camera}/recording`, {
        method: 'PUT',
        headers: { cookie, ...sameOrigin(server), 'content-type': 'application/json' },
        body: JSON.stringify({ retentionDays: 3 }),
      });
      expect(res.status, camera).toBe(200);
      expect((await getDetection(server, cookie, camera)).settings.rate, camera).toBe(3);
    }
    await stopTestServer(server, false);
    server = await startTestServer({ dataDir: server.dataDir });
    const again = await login(server);
    for (const camera of NAMES) {
      expect((await getDetection(server, again, camera)).settings.rate, camera).toBe(3);
      expect(server.recording.settingsOf(camera).retentionDays, camera).toBe(3);
    }
  });
});
