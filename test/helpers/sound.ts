import { login, sameOrigin } from '../security/helpers/session.js';
import type { TestServer } from './server.js';
import { waitFor } from './wait.js';

/**
 * A camera's sound turned on or off (#40) as an admin does it in the Live Monitor: `PATCH /api/cameras/<id>` with
 * `{ sound }`, asked again while the camera is not known yet (a relay-run camera is listed at its first picture).
 */
export async function setSound(server: TestServer, cameraId: string, on = true): Promise<void> {
  const cookie = await login(server);
  await waitFor(
    async () => {
      const res = await fetch(`${server.url}/api/cameras/${encodeURIComponent(cameraId)}`, {
        method: 'PATCH',
        headers: { ...sameOrigin(server), cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ sound: on }),
      });
      if (res.status === 404) return false;
      if (res.status !== 200) throw new Error(`sound ${String(on)} for ${cameraId}: ${res.status} ${await res.text()}`);
      return true;
    },
    `${cameraId} known, its sound set`,
    30_000,
  );
}
