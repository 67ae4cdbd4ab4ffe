/**
 * A camera that has connected but not sent its first frame is `starting` in every word the relay
 * gives (#37 item 14): the HTTP list, the MQTT state topic Home Assistant reads, and /metrics; never
 * `stalled`, which a new IP camera was called for the seconds its stream took to open. A real relay,
 * a real mosquitto and a real Socket.IO capture client that sends only when told.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureClient } from '../../capture-client/capture-client.js';
import type { CameraInfo } from '../../shared/protocol.js';
import { solidJpeg } from '../helpers/jpeg.js';
import { listen, mosquittoAvailable, mqttSetting, startMosquitto, type Listener, type TestBroker } from '../helpers/mosquitto.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

describe.runIf(mosquittoAvailable())('a camera before its first frame', () => {
  let broker: TestBroker | undefined;
  let server: TestServer | undefined;
  let listener: Listener | undefined;
  let client: CaptureClient | undefined;

  afterEach(async () => {
    client?.close();
    await listener?.close();
    await stopTestServer(server);
    await broker?.close();
    broker = server = listener = client = undefined;
  });

  async function apiStatus(s: TestServer, id: string): Promise<string | undefined> {
    const res = await fetch(`${s.url}/api/cameras`, { headers: s.adminAuth });
    return ((await res.json()) as CameraInfo[]).find((c) => c.id === id)?.status;
  }

  async function metricsLine(s: TestServer, status: string): Promise<string | undefined> {
    const text = await (await fetch(`${s.url}/metrics`, { headers: s.adminAuth })).text();
    return text.split('\n').find((l) => l.startsWith(`camrelay_cameras{status="${status}"}`));
  }

  it('is starting over HTTP, MQTT and /metrics while connected and silent, then live with its first frame', async () => {
    broker = await startMosquitto();
    listener = await listen(broker.url, ['camrelay/#', 'homeassistant/#']);
    // A short stall timeout: a relay that took silence before the first frame for a stall says so at once.
    server = await startTestServer({ stallAfterMs: 300, mqtt: mqttSetting(broker.url, { snapshotSeconds: 0 }) });
    const s = server;
    const l = listener;
    await l.next('camrelay/available', (m) => m.text === 'online');

    client = new CaptureClient({ server: s.url, token: s.captureToken, cameraId: 'porch', transport: 'socketio', ackTimeoutMs: 2000, fps: 10 });
    const state = await l.next('camrelay/porch/state');
    expect(state.text).toBe('starting');
    expect(await apiStatus(s, 'porch')).toBe('starting');
    expect(await metricsLine(s, 'starting')).toBe('camrelay_cameras{status="starting"} 1');
    // Home Assistant's enum sensor lists the word, or it would call the state unknown.
    const config = await l.next('homeassistant/sensor/camrelay/porch_state/config', (m) => m.text !== '');
    expect((JSON.parse(config.text) as { options: string[] }).options).toContain('starting');

    const jpeg = await solidJpeg(320, 240, [200, 120, 40]);
    const c = client;
    await waitFor(() => {
      c.push({ jpeg, capturedAt: Date.now() });
      return l.last('camrelay/porch/state')?.text === 'live';
    }, 'the state topic to say live once the first frame came');
    expect(await apiStatus(s, 'porch')).toBe('live');
    // Nothing called it stalled on the way: starting, then live.
    expect(l.heard.filter((m) => m.topic === 'camrelay/porch/state').map((m) => m.text)).toEqual(['starting', 'live']);
  });
});
