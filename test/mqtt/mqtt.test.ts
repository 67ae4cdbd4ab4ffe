/**
 * The mqtt module against a real mosquitto, a real relay and real capture clients: what Home
 * Assistant would read from the broker (discovery configs checked against its schemas, states,
 * pictures), cameras coming and going, and the recording switch.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { listen, mosquittoAvailable, mqttSetting, startMosquitto, type Listener, type TestBroker } from '../helpers/mosquitto.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { login, sameOrigin } from '../security/helpers/session.js';
import { discoveryTopic, haProblem } from './ha-schema.js';

/** Recording in `mode`, kept as JPEG (no ffmpeg): what the switch and motion tests need. */
const recordingIn = (mode: 'off' | 'motion') => ({ ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode, format: 'jpeg' as const } });

const openssl = ['/usr/bin/openssl', '/bin/openssl'].find((p) => existsSync(p));

/** A throwaway self-signed certificate for 127.0.0.1: the broker's, and the CA file that trusts it. */
function selfSigned(): { cert: string; key: string; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-mqtts-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
  execFileSync(openssl!, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', ...subject, '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key, dir };
}

const isJpeg = (b: Buffer) => b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b.at(-2) === 0xff && b.at(-1) === 0xd9;

describe.runIf(mosquittoAvailable())('the mqtt module with mosquitto', () => {
  let broker: TestBroker | undefined;
  let server: TestServer | undefined;
  let listener: Listener | undefined;
  const cameras: TestCamera[] = [];

  afterEach(async () => {
    for (const c of cameras.splice(0)) c.stop();
    await listener?.close();
    await stopTestServer(server);
    await broker?.close();
    broker = server = listener = undefined;
  });

  async function relayWith(mqtt: Record<string, unknown> = {}, overrides: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
    broker ??= await startMosquitto();
    listener ??= await listen(broker.url, ['camrelay/#', 'homeassistant/#']);
    server = await startTestServer({ offlineAfterMs: 1500, stallAfterMs: 1000, mqtt: mqttSetting(broker.url, mqtt), ...overrides });
    return server;
  }

  it('announces a camera to Home Assistant with configs its schemas accept, follows it live then offline, and removes it when deleted', async () => {
    const s = await relayWith({ snapshotSeconds: 1 });
    const l = listener!;
    await l.next('camrelay/available', (m) => m.text === 'online');
    cameras.push(await startCamera(s.url, s.captureToken, 'front-door', { fps: 10 }));

    const configs = await waitFor(() => {
      const found = l.heard.filter((m) => m.topic.startsWith('homeassistant/') && m.topic.includes('/front-door') && m.text !== '');
      return found.length >= 5 ? found : null;
    }, 'five discovery configs of front-door');
    for (const m of configs) {
      const where = discoveryTopic(m.topic, 'homeassistant');
      expect(where, m.topic).not.toBeNull();
      expect(haProblem(where!.component, JSON.parse(m.text)), m.topic).toBeNull();
    }
    const byComponent = Object.fromEntries(
      configs.map((m) => [discoveryTopic(m.topic, 'homeassistant')!.object, JSON.parse(m.text) as Record<string, unknown>]),
    );
    expect(Object.keys(byComponent).sort()).toEqual(['front-door', 'front-door_fps', 'front-door_motion', 'front-door_recording', 'front-door_state']);

    // What each entity's topics carry is what its config says Home Assistant will find there.
    const camera = byComponent['front-door']!;
    await l.next(byComponent['front-door_state']!.state_topic as string, (m) => m.text === 'live');
    expect(byComponent['front-door_state']!.options).toContain('live');
    const snapshot = await l.next(camera.topic as string, (m) => isJpeg(m.payload));
    expect((await sharp(snapshot.payload).metadata()).width).toBe(64);
    await l.next(byComponent['front-door_fps']!.state_topic as string, (m) => Number(m.text) > 0);
    expect(l.last(byComponent['front-door_motion']!.state_topic as string)?.text).toBe(byComponent['front-door_motion']!.payload_off);
    expect(l.last(byComponent['front-door_recording']!.state_topic as string)?.text).toBe('OFF');

    // Home Assistant started later finds all of it on the broker: configs, states and the relay's availability are retained.
    const late = await listen(broker!.url, ['homeassistant/#', 'camrelay/#']);
    try {
      const retained = await waitFor(() => {
        const r = late.heard.filter((m) => m.retain);
        return r.some((m) => m.topic === 'camrelay/front-door/snapshot') && r.length >= 12 ? r : null;
      }, 'the retained messages');
      expect(retained.map((m) => m.topic).sort()).toEqual(
        [
          ...configs.map((m) => m.topic),
          ...['state', 'fps', 'motion', 'recording', 'recording/mode', 'snapshot'].map((t) => `camrelay/front-door/${t}`),
          'camrelay/available',
        ].sort(),
      );
      expect(late.last('camrelay/available')!.text).toBe('online');
    } finally {
      await late.close();
    }

    // The capture client stops: the camera goes offline (after offlineAfterMs).
    const before = l.heard.length;
    cameras.pop()!.stop();
    await l.next('camrelay/front-door/state', (m) => m.text === 'offline', before);

    // An admin deletes it: every config is emptied (Home Assistant removes the entities), and its retained states.
    const cookie = await login(s);
    const deleted = await fetch(`${s.url}/api/cameras/front-door`, { method: 'DELETE', headers: { cookie, ...sameOrigin(s) } });
    expect(deleted.status).toBe(200);
    for (const m of configs) await l.next(m.topic, (e) => e.text === '', before);
    await l.next('camrelay/front-door/state', (m) => m.text === '', before);
  });

  it('says offline itself when it stops: a clean disconnect, after which the broker discards its last will', async () => {
    const s = await relayWith();
    await listener!.next('camrelay/available', (m) => m.text === 'online');
    const since = listener!.heard.length;
    await stopTestServer(s);
    server = undefined;
    await listener!.next('camrelay/available', (m) => m.text === 'offline', since);
    // mosquitto's words for a client that sent DISCONNECT (one that only closes its socket "closed its connection").
    await waitFor(() => /Client camrelay-camrelay-[0-9a-f]+ disconnected\./.test(broker!.output()), 'a clean disconnect in the broker’s log');
  });

  it('sends the newest snapshot when asked on the command topic', async () => {
    const s = await relayWith({ snapshotSeconds: 0 });
    cameras.push(await startCamera(s.url, s.captureToken, 'porch', { fps: 10 }));
    await waitFor(() => s.relay.latestFrame('porch'), 'a first frame');
    await listener!.next('camrelay/porch/state', (m) => m.text === 'live');
    const since = listener!.heard.length;
    await listener!.client.publishAsync('camrelay/porch/snapshot/get', '');
    const snapshot = await listener!.next('camrelay/porch/snapshot', (m) => isJpeg(m.payload), since);
    expect((await sharp(snapshot.payload).metadata()).width).toBe(64);
  });

  it('answers a burst of 2,000 snapshot requests with at most one picture a second, and a lone request after it still', async () => {
    const s = await relayWith({ snapshotSeconds: 0 });
    const l = listener!;
    cameras.push(await startCamera(s.url, s.captureToken, 'porch', { fps: 10 }));
    await waitFor(() => s.relay.latestFrame('porch'), 'a first frame');
    await l.next('camrelay/porch/state', (m) => m.text === 'live');
    const pictures = (since: number) => l.heard.slice(since).filter((m) => m.topic === 'camrelay/porch/snapshot' && isJpeg(m.payload)).length;
    const done = async () => {
      const text = await (await fetch(`${s.url}/metrics`, { headers: s.adminAuth })).text();
      return Number(/^camrelay_mqtt_commands_total\{outcome="done"\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const since = l.heard.length;
    const began = Date.now();
    // 200 at a time: each publish waiting on the socket adds a listener, and 1,000 set off Node's leak warning.
    for (let i = 0; i < 10; i++) await Promise.all(Array.from({ length: 200 }, () => l.client.publishAsync('camrelay/porch/snapshot/get', 'x')));
    await waitFor(async () => (await done()) >= 2000, 'the relay heard all 2,000 requests', 30_000, 50);
    // The burst's last requests are owed one picture, sent when its second is up.
    await waitFor(() => pictures(since) >= 2, 'the picture owed to the burst');
    const seconds = Math.floor((Date.now() - began) / 1000);
    expect(pictures(since)).toBeLessThanOrEqual(seconds + 2);

    const after = l.heard.length;
    await l.client.publishAsync('camrelay/porch/snapshot/get', '');
    await l.next('camrelay/porch/snapshot', (m) => isJpeg(m.payload), after);
  });

  it('sets the recording mode from the switch through the Admin area’s code, and shows the Admin’s changes on its state topic', async () => {
    const s = await relayWith({ allowCommands: true }, { recording: recordingIn('off') });
    const l = listener!;
    cameras.push(await startCamera(s.url, s.captureToken, 'porch', { fps: 10 }));
    await l.next('camrelay/porch/recording', (m) => m.text === 'OFF');

    let since = l.heard.length;
    await l.client.publishAsync('camrelay/porch/recording/set', 'ON');
    await l.next('camrelay/porch/recording', (m) => m.text === 'ON', since);
    await l.next('camrelay/porch/recording/mode', (m) => m.text === 'continuous', since);
    // The Admin area sees what the switch did: its own GET answers the new mode, saved for the next start.
    const answer = await fetch(`${s.url}/api/cameras/porch/recording`, { headers: s.adminAuth });
    expect(((await answer.json()) as { settings: { mode: string } }).settings.mode).toBe('continuous');
    await waitFor(() => s.recording.status('porch').frames.kept > 0, 'frames recorded');

    since = l.heard.length;
    await l.client.publishAsync('camrelay/porch/recording/set', 'motion');
    await l.next('camrelay/porch/recording/mode', (m) => m.text === 'motion', since);

    // And the other way round: an admin's change in the Admin area shows on the switch's state topic.
    since = l.heard.length;
    const cookie = await login(s);
    const put = await fetch(`${s.url}/api/cameras/porch/recording`, {
      method: 'PUT',
      headers: { cookie, ...sameOrigin(s), 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'off' }),
    });
    expect(put.status).toBe(200);
    await l.next('camrelay/porch/recording', (m) => m.text === 'OFF', since);

    since = l.heard.length;
    await l.client.publishAsync('camrelay/porch/recording/set', 'sometimes');
    const refused = await l.next('camrelay/porch/refused', () => true, since);
    expect(JSON.parse(refused.text)).toMatchObject({ command: 'recording', error: 'BAD_MQTT_COMMAND' });
    // Longer than any command: refused unread, the mode unchanged.
    since = l.heard.length;
    await l.client.publishAsync('camrelay/porch/recording/set', `ON${' '.repeat(64)}`);
    expect(JSON.parse((await l.next('camrelay/porch/refused', () => true, since)).text)).toMatchObject({ error: 'BAD_MQTT_COMMAND' });
    expect(s.recording.settingsOf('porch').mode).toBe('off');
  });

  it.runIf(openssl)('connects to an mqtts:// broker with the CA file of mqtt.ca, and refuses its certificate without it', async () => {
    const tls = selfSigned();
    broker = await startMosquitto({ tls });
    expect(broker.url).toMatch(/^mqtts:/);
    const untrusting = await startTestServer({ mqtt: mqttSetting(broker.url) });
    try {
      await waitFor(() => untrusting.provided.get('mqtt')?.link?.status.lastError?.includes('self-signed certificate'), 'the certificate refused');
    } finally {
      await stopTestServer(untrusting);
    }
    listener = await listen(broker.url, ['camrelay/available'], { ca: readFileSync(tls.cert) });
    server = await startTestServer({ mqtt: mqttSetting(broker.url, { ca: tls.cert }) });
    await listener.next('camrelay/available', (m) => m.text === 'online');
    rmSync(tls.dir, { recursive: true, force: true });
  });

  it('refuses the recording switch while allowCommands is off, and says why', async () => {
    const s = await relayWith({}, { recording: recordingIn('off') });
    const l = listener!;
    cameras.push(await startCamera(s.url, s.captureToken, 'porch', { fps: 10 }));
    await l.next('camrelay/porch/recording', (m) => m.text === 'OFF');
    await l.client.publishAsync('camrelay/porch/recording/set', 'ON');
    const refused = await l.next('camrelay/porch/refused');
    expect(JSON.parse(refused.text)).toMatchObject({
      command: 'recording',
      error: 'MQTT_COMMANDS_OFF',
      message: expect.stringContaining('mqtt.allowCommands'),
    });
    expect(s.recording.settingsOf('porch').mode).toBe('off');
    const metrics = await (await fetch(`${s.url}/metrics`, { headers: s.adminAuth })).text();
    expect(metrics).toMatch(/^camrelay_mqtt_commands_total\{outcome="refused"\} 1$/m);
    expect(metrics).toMatch(/^camrelay_mqtt_connected 1$/m);

    // A flood on the command topics: 1500 refusals, a payload of 1 MB, 50 made-up cameras. The queue that carries
    // motion events holds the newest refusal per camera, not one each, and a made-up id gets no topic.
    const queue = s.provided.get('mqtt')!.queue!;
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, queue.size)), 1);
    try {
      for (let i = 0; i < 1500; i++) void l.client.publishAsync('camrelay/porch/recording/set', 'ON');
      await l.client.publishAsync('camrelay/porch/recording/set', Buffer.alloc(1024 * 1024, 'O'));
      for (let i = 0; i < 50; i++) await l.client.publishAsync(`camrelay/made-up-${i}/recording/set`, 'ON');
      const refusals = async () =>
        /^camrelay_mqtt_commands_total\{outcome="refused"\} (\d+)$/m.exec(await (await fetch(`${s.url}/metrics`, { headers: s.adminAuth })).text())?.[1];
      await waitFor(async () => (await refusals()) === String(1 + 1500 + 1 + 50), 'every command of the flood refused', 20_000);
    } finally {
      clearInterval(watch);
    }
    expect(most).toBeLessThan(20);
    expect(queue.dropped).toBe(0);
    expect(l.heard.some((m) => /^camrelay\/made-up-\d+\/refused$/.test(m.topic))).toBe(false);
  });
});
