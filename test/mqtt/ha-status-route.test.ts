/** `GET /api/admin/home-assistant` from a real relay linked to a real mosquitto, with a real capture client: the camera announced, the link up. */
import { afterEach, describe, expect, it } from 'vitest';
import type { HomeAssistantStatus } from '../../shared/home-assistant.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { mosquittoAvailable, mqttSetting, startMosquitto, type TestBroker } from '../helpers/mosquitto.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

describe.runIf(mosquittoAvailable())('GET /api/admin/home-assistant with mosquitto', () => {
  let broker: TestBroker | undefined;
  let server: TestServer | undefined;
  let camera: TestCamera | undefined;
  afterEach(async () => {
    camera?.stop();
    await stopTestServer(server);
    await broker?.close();
  });

  it("says connected and names the camera it announced; refuses anyone not signed in; says off once the broker's link is not set", async () => {
    broker = await startMosquitto();
    server = await startTestServer({ mqtt: mqttSetting(broker.url) });
    camera = await startCamera(server.url, server.captureToken, 'porch', { fps: 5 });
    const get = async (headers: Record<string, string>) => {
      const res = await fetch(`${server!.url}/api/admin/home-assistant`, { headers });
      return { status: res.status, body: (await res.json()) as HomeAssistantStatus };
    };
    const status = await waitFor(async () => {
      const r = await get(server!.adminAuth);
      return r.body.mqtt === 'connected' && r.body.announced.length === 1 ? r.body : null;
    }, 'the link up and the camera announced');
    expect(status).toMatchObject({ discovery: true, discoveryPrefix: 'homeassistant', topicPrefix: 'camrelay', snapshotSeconds: 10 });
    expect(status.announced).toEqual([{ id: 'porch', name: 'porch' }]);
    expect((await get({})).status).toBe(401);
    // The link switched off as the Admin area does it: off, nothing announced.
    await server.provided.get('mqtt')!.apply(null);
    expect((await get(server.adminAuth)).body).toMatchObject({ mqtt: 'off', announced: [] });
  });
});
