/** The Origin check cannot be stepped around by writing the API's path in another case (Express matches any). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';

describe('the Origin check and the case of the path', () => {
  let server: TestServer;
  beforeAll(async () => (server = await startTestServer()));
  afterAll(() => stopTestServer(server));

  it('refuses a foreign Origin on /API/…, /Api/… and /METRICS as on /api/…', async () => {
    for (const path of ['/api/cameras', '/API/cameras', '/Api/me', '/API/capture-server', '/METRICS']) {
      const res = await fetch(`${server.url}${path}`, { headers: { ...server.adminAuth, origin: 'http://evil.example' } });
      expect([path, res.status]).toEqual([path, 403]);
      expect(((await res.json()) as { error: string }).error).toBe('BAD_ORIGIN');
    }
  });

  it('still serves the page itself to any Origin', async () => {
    expect((await fetch(`${server.url}/`, { headers: { origin: 'http://evil.example' } })).status).toBe(200);
  });
});
