/**
 * A broker that is down, refusing or swallowing everything never slows live viewing: a viewer's
 * frames keep coming, what waits for the broker stays bounded (dropped and counted beyond), and the
 * relay comes back (online, its retained messages published again) when the broker does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LINK_DEFAULTS } from '../../server/mqtt/broker-link.js';
import type { MqttAttached } from '../../server/mqtt/index.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { listen, mosquittoAvailable, mqttSetting, startMosquitto, type Listener, type TestBroker } from '../helpers/mosquitto.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';

const metric = async (s: TestServer, name: string) => {
  const text = await (await fetch(`${s.url}/metrics`, { headers: s.adminAuth })).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
};

/** The viewer gets `n` more frames of the camera: live viewing goes on, whatever the broker does. */
const framesFlow = (viewer: TestViewer, n = 30) => {
  const from = viewer.frames.length;
  return waitFor(() => viewer.frames.length >= from + n, `${n} more frames at the viewer`);
};

describe.runIf(mosquittoAvailable())('the mqtt module when the broker fails', () => {
  let broker: TestBroker | undefined;
  let proxy: FaultProxy | undefined;
  const servers: TestServer[] = [];
  const listeners: Listener[] = [];
  let camera: TestCamera | undefined;
  const others: TestCamera[] = [];
  let viewer: TestViewer | undefined;

  afterEach(async () => {
    camera?.stop();
    for (const c of others.splice(0)) c.stop();
    viewer?.close();
    await Promise.all(listeners.splice(0).map((l) => l.close()));
    for (const s of servers.splice(0)) await stopTestServer(s);
    await proxy?.close();
    await broker?.close();
    broker = proxy = camera = viewer = undefined;
  });

  async function relay(url: string, mqtt: Record<string, unknown> = {}, overrides: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
    const s = await startTestServer({ mqtt: mqttSetting(url, mqtt), ...overrides });
    servers.push(s);
    return s;
  }
  const mqttOf = (s: TestServer) => s.provided.get('mqtt') as MqttAttached;

  async function watched(s: TestServer, id = 'porch'): Promise<void> {
    camera = await startCamera(s.url, s.captureToken, id, { fps: 20 });
    viewer = connectViewer(s.url);
    await waitFor(() => viewer!.frames.length > 0, 'first frames at the viewer');
  }

  it('keeps frames flowing while the broker is down, and is online again with its retained messages once it restarts', { timeout: 60_000 }, async () => {
    broker = await startMosquitto();
    const s = await relay(broker.url, { snapshotSeconds: 1 });
    await watched(s);
    await waitFor(() => mqttOf(s).link!.status.state === 'connected', 'connected');

    await broker.stop();
    await waitFor(() => mqttOf(s).link!.status.lastError, 'the reason in the status');
    expect(mqttOf(s).link!.status.state).toBe('connecting');
    expect(await metric(s, 'camrelay_mqtt_connected')).toBe(0);
    await framesFlow(viewer!);
    // Snapshots and states wait newest-wins: one per topic, however long the broker is away.
    expect(mqttOf(s).queue!.size).toBeLessThanOrEqual(12);

    // A broker without persistence comes back empty: the relay says online and publishes its retained messages again.
    await broker.start();
    const l = await listen(broker.url, ['camrelay/#', 'homeassistant/#']);
    listeners.push(l);
    // The relay tries again after its wait, doubled per failure up to 30 s (LINK_DEFAULTS): a deadline beyond it.
    await l.next('camrelay/available', (m) => m.text === 'online', 0, LINK_DEFAULTS.maxBackoffMs + 5000);
    await l.next('homeassistant/camera/camrelay/porch/config');
    await l.next('camrelay/porch/state', (m) => m.text === 'live');
    await l.next('camrelay/porch/snapshot');
    expect(await metric(s, 'camrelay_mqtt_connected')).toBe(1);
    expect(mqttOf(s).link!.status).toMatchObject({ state: 'connected', lastError: null, connects: 2 });
    await framesFlow(viewer!);
  });

  it('keeps trying a broker that refuses its password, with the reason in its status, and takes the password from CAMRELAY_MQTT_PASSWORD first', async () => {
    broker = await startMosquitto({ users: { camrelay: 'the-right-password' } });
    const refused = await relay(broker.url, { username: 'camrelay', password: 'a-wrong-password' });
    await watched(refused);
    await waitFor(() => mqttOf(refused).link!.status.lastError === 'Connection refused: Not authorized', 'the refusal in the status');
    expect(await metric(refused, 'camrelay_mqtt_connected')).toBe(0);
    await framesFlow(viewer!);

    const right = await relay(broker.url, { username: 'camrelay', password: 'a-wrong-password' }, { mqttPassword: 'the-right-password' });
    await waitFor(() => mqttOf(right).link!.status.state === 'connected', 'connected with the environment’s password');
    // The one that was refused is still trying (a broker's accounts can change), and still refused.
    expect(mqttOf(refused).link!.status.state).toBe('connecting');
  });

  it('drops and counts what does not fit while the broker takes nothing in (a black hole), and frames keep flowing', async () => {
    broker = await startMosquitto();
    proxy = await FaultProxy.start(broker.port);
    const s = await relay(`mqtt://127.0.0.1:${proxy.port}`, { queueMessages: 10, snapshotSeconds: 1 });
    await waitFor(() => mqttOf(s).link!.status.state === 'connected', 'connected through the proxy');
    proxy.faults.blackhole = true;
    // A camera is five configs and six states, each kept once (newest wins): three cameras are more than
    // the ten that may wait and the eight handed on, when no acknowledgement comes back.
    await watched(s);
    for (const id of ['yard', 'gate']) others.push(await startCamera(s.url, s.captureToken, id, { fps: 5 }));
    await waitFor(async () => (await metric(s, 'camrelay_mqtt_dropped_total')) > 0, 'messages dropped and counted');
    // Ten waiting at most, and at most eight handed to the client (unacknowledged).
    expect(mqttOf(s).queue!.size).toBeLessThanOrEqual(18);
    await framesFlow(viewer!);
  });
});
