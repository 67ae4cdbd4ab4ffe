/**
 * docs/home-assistant.md, run as printed against a real mosquitto: its config file and `npm start`
 * line (a wrong password first, for the printed log line), its mosquitto_sub and mosquitto_pub
 * lines, its tables of entities and topics against what the relay publishes, its event as
 * published, and its MJPEG camera's URLs fetched as Home Assistant's config flow fetches them.
 * Replaced: the broker's host and port, the password, the config file's path, the relay's address.
 * Also configuration.md's MQTT section: its keys and its error line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import { loadConfig } from '../../server/load-config.js';
import { parseMqtt } from '../../server/mqtt/settings.js';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { listen, mosquittoAvailable, mqttSetting, startMosquitto, type Listener, type TestBroker } from '../helpers/mosquitto.js';
import { freePort } from '../helpers/processes.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { discoveryTopic, haProblem } from '../mqtt/ha-schema.js';
import { labelDiscoveryOf } from '../../server/mqtt/discovery.js';
import { eventMessage, type EventMessage } from '../../server/mqtt/event-message.js';
import { Topics } from '../../server/mqtt/topics.js';
import { sceneJpeg } from '../server/recording/motion/scene.js';

const doc = readFileSync(new URL('../../docs/home-assistant.md', import.meta.url), 'utf8');
const configuration = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
const blocks = (lang: string) => [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
const section = (text: string, title: string) => text.split(/^#+ /m).find((s) => s.startsWith(title))!;
/** The cells of a markdown table's rows (not its header) under `title`. */
const tableRows = (title: string) =>
  section(doc, title)
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('|--') && !/^\| (entity|topic) \|/.test(l))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
const codes = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace('<camera>', 'front-door'));
const PASSWORD = 'the-broker-password';
const REPO = path.resolve(new URL('../..', import.meta.url).pathname);

/** A printed shell line, run in the camrelay folder with the relay's port and data folder in the environment. */
function sh(line: string, env: Record<string, string>): { child: ChildProcess; output(): string; kill(signal?: NodeJS.Signals): Promise<void> } {
  const child = spawn('sh', ['-c', line], { cwd: REPO, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return {
    child,
    output: () => out,
    // Its own process group: npm starts tsx, which starts node; the group goes down together.
    kill: (signal = 'SIGKILL') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        process.kill(-child.pid!, signal);
      }),
  };
}

describe.runIf(mosquittoAvailable())('docs/home-assistant.md, as printed', () => {
  let broker: TestBroker;
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-hadoc-'));
  const running: Array<ReturnType<typeof sh>> = [];
  const listeners: Listener[] = [];
  let camera: TestCamera | undefined;
  let server: TestServer | undefined;
  let relayPort = 0;
  let relayProcess: ReturnType<typeof sh> | undefined;
  /** The printed text with this test's broker, password and files. */
  const fill = (text: string, password = PASSWORD) =>
    text
      .replaceAll('homeassistant.local:1883', `127.0.0.1:${broker.port}`)
      .replaceAll('-h homeassistant.local -p 1883', `-h 127.0.0.1 -p ${broker.port}`)
      .replaceAll(`'${PASSWORD}'`, `'${password}'`)
      .replaceAll('camrelay.json', path.join(dir, 'camrelay.json'));

  beforeAll(async () => {
    broker = await startMosquitto({ users: { camrelay: PASSWORD } });
  });
  afterAll(async () => {
    camera?.stop();
    await Promise.all(listeners.map((l) => l.close()));
    for (const r of running) await r.kill();
    await stopTestServer(server);
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts the relay from its config file and command; a wrong password is logged with the printed reason', async () => {
    const [config] = blocks('json');
    writeFileSync(path.join(dir, 'camrelay.json'), fill(config!));
    const [start] = blocks('sh');
    expect(start).toContain(`CAMRELAY_MQTT_PASSWORD='${PASSWORD}' npm start -- --config camrelay.json`);
    relayPort = await freePort();
    const env = { PORT: String(relayPort), HOST: '127.0.0.1', CAMRELAY_DATA_DIR: path.join(dir, 'data'), CAMRELAY_ADMIN_PASSWORD: TEST_ADMIN.password };

    const wrong = sh(fill(start!.trim(), 'not-the-password'), env);
    running.push(wrong);
    const printedError = /\(`("err":"[^`]+")` for a wrong password/.exec(doc)![1]!;
    await waitFor(() => wrong.output().includes('"msg":"mqtt connecting"') && wrong.output().includes(printedError), 'the refusal in the log', 60_000);
    await wrong.kill();

    const right = sh(fill(start!.trim()), env);
    running.push(right);
    relayProcess = right;
    await waitFor(() => right.output().includes('"msg":"mqtt connected"'), 'mqtt connected in the log', 60_000);
    expect(right.output()).not.toContain(PASSWORD);
  }, 120_000);

  it('shows the printed lines with its mosquitto_sub, and Home Assistant finds what its tables say', async () => {
    const relay = `http://127.0.0.1:${relayPort}`;
    const ha = await listen(broker.url, ['homeassistant/#', 'camrelay/#'], { username: 'camrelay', password: PASSWORD });
    listeners.push(ha);
    camera = await startCamera(relay, readFileSync(path.join(dir, 'data', 'capture-token'), 'utf8').trim(), 'front-door', { fps: 10 });

    const sub = sh(fill(blocks('sh')[1]!.trim()), {});
    running.push(sub);
    const printed = doc.split('```sh\nmosquitto_sub')[1]!.split('```\n')[2]!.trim().split('\n');
    await waitFor(() => printed.every((line) => sub.output().split('\n').includes(line)), `mosquitto_sub printing ${printed.join(' / ')}`);
    await sub.kill();

    // The entities' table: each topic is the one its discovery config names, and each config passes Home Assistant's schema.
    const configs = await waitFor(() => {
      const found = new Map(ha.heard.filter((m) => m.topic.startsWith('homeassistant/') && m.text !== '').map((m) => [m.topic, m]));
      return found.size >= 5
        ? [...found.values()].map((m) => ({ where: discoveryTopic(m.topic, 'homeassistant')!, config: JSON.parse(m.text) as Record<string, string> }))
        : null;
    }, 'the discovery configs');
    for (const { where, config } of configs) expect(haProblem(where.component, config)).toBeNull();
    const named = new Set(configs.flatMap(({ config }) => [config.topic, config.state_topic, config.command_topic]).filter(Boolean));
    // The Object alert entity is announced only while a camera's detection is on (test/mqtt/object-alerts.test.ts); here it is off.
    const printedTopics = tableRows('In Home Assistant')
      .filter((row) => !row[0]!.startsWith('Object alert'))
      .flatMap((row) => codes(row[2]!));
    expect(printedTopics.sort()).toEqual([...named].sort());

    // The topics' table: every retained topic is published for the camera.
    const retained = tableRows('What the relay publishes').filter((row) => row[2] === 'yes');
    expect(retained.length).toBe(7);
    for (const row of retained) await ha.next(codes(row[0]!)[0]!);
  }, 60_000);

  it('switches recording on with its mosquitto_pub, as the Admin area would', async () => {
    const ha = listeners[0]!;
    const since = ha.heard.length;
    const pub = sh(fill(blocks('sh')[2]!.trim()), {});
    await new Promise((resolve) => pub.child.once('exit', resolve));
    expect(pub.child.exitCode, pub.output()).toBe(0);
    await ha.next('camrelay/front-door/recording', (m) => m.text === 'ON', since);
    const answer = await fetch(`http://127.0.0.1:${relayPort}/api/cameras/front-door/recording`, {
      headers: { authorization: `Basic ${Buffer.from(`${TEST_ADMIN.username}:${TEST_ADMIN.password}`).toString('base64')}` },
    });
    expect(((await answer.json()) as { settings: { mode: string } }).settings.mode).toBe('continuous');
  });

  it('says offline when the relay stops', async () => {
    const ha = listeners[0]!;
    const since = ha.heard.length;
    await relayProcess!.kill('SIGTERM');
    await ha.next('camrelay/available', (m) => m.text === 'offline', since);
  });

  it('names the objects’ entities and topics as the relay makes them, and prints an object event as published', () => {
    const topics = new Topics('camrelay', 'homeassistant');
    const configs = labelDiscoveryOf({ id: 'front-door', name: 'Front door' }, 'person', { topics, version: '1', publicUrl: null });
    const rows = tableRows('Objects');
    expect(rows.map((r) => r[0])).toEqual(
      configs.map(
        (c) => `${c.config.name as string} (${c.topic.split('/')[1]!.replace('_', ' ')}${c.config.device_class ? `, ${c.config.device_class as string}` : ''})`,
      ),
    );
    expect(rows.map((r) => codes(r[2]!)[0]!.replace('<label>', 'person'))).toEqual(configs.map((c) => c.config.state_topic));
    expect(section(doc, 'Objects')).toContain(`\`${topics.object('front-door', 'traffic light')}\``);
    const printed = JSON.parse(section(doc, 'Objects').split('```')[1]!) as EventMessage;
    const record = {
      id: printed.eventId,
      camera: printed.camera,
      start: printed.start,
      end: null,
      peakScore: printed.peakScore,
      pictures: true,
      objects: printed.objects,
    };
    expect(eventMessage('object', record, 'https://cams.example.com', 'Front door')).toEqual(printed);
  });

  it('names the people sensors’ entities and topics as the relay makes them (#58)', () => {
    const topics = new Topics('camrelay', 'homeassistant');
    const rows = tableRows('People');
    expect(rows.map((r) => r[0])).toEqual(['Alice (binary sensor, occupancy)', 'Unknown person (binary sensor, occupancy)']);
    expect(rows.map((r) => codes(r[2]!)[0])).toEqual([topics.person('<person id>'), topics.person('unknown')]);
    expect(section(doc, 'People')).toContain(`\`${topics.personCameras('<person id>')}\``);
  });

  it('publishes an event as printed', async () => {
    const printed = JSON.parse(doc.split('An event, as published:')[1]!.split('```')[1]!) as Record<string, unknown>;
    const at = printed.start as number;
    const l = await listen(broker.url, ['camrelay/+/event'], { username: 'camrelay', password: PASSWORD });
    listeners.push(l);
    server = await startTestServer({
      recording: { ...RECORDING_DEFAULTS, publicUrl: 'https://cams.example.com' },
      mqtt: mqttSetting(broker.url, { username: 'camrelay' }),
      mqttPassword: PASSWORD,
    });
    await waitFor(() => server!.provided.get('mqtt')?.link?.status.state === 'connected', 'connected');
    server.recording.events.signal('front-door', { type: 'start', at }, { at, score: printed.peakScore as number, jpeg: await sceneJpeg() });
    expect(JSON.parse((await l.next('camrelay/front-door/event')).text)).toEqual(printed);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: server.adminAuth })).text();
    for (const [, name] of section(doc, 'When the broker is away').matchAll(/^\| `(camrelay_[a-z_]+)/gm)) expect(metrics, name).toContain(`${name}`);
  });

  it('gives the MJPEG IP Camera integration URLs that Home Assistant’s check accepts, with a relay account', async () => {
    await stopTestServer(server);
    server = await startTestServer();
    const account = { username: 'ha-viewer', password: 'ha-viewer-password-1' };
    server.store.putUser({ username: account.username, role: 'viewer', cameras: ['front-door'], password: await hashPassword(account.password) });
    camera?.stop();
    camera = await startCamera(server.url, server.captureToken, 'front-door', {
      fps: 10,
      frames: [await makeJpeg(1280, 720, 1), await makeJpeg(1280, 720, 2)],
    });
    await waitFor(() => server!.relay.latestFrame('front-door'), 'a first frame');
    const field = (name: string) =>
      new RegExp(`- \\*\\*${name}\\*\\*: \`([^\`]+)\``).exec(section(doc, 'The MJPEG IP Camera'))![1]!.replace('relay:3000', `127.0.0.1:${server!.port}`);
    const basic = `Basic ${Buffer.from(`${account.username}:${account.password}`).toString('base64')}`;
    // mjpeg/config_flow.py validate_url: a GET with Basic, streamed, 200; then the still image the same way.
    const controller = new AbortController();
    const stream = await fetch(field('MJPEG URL'), { headers: { authorization: basic }, signal: controller.signal });
    expect([stream.status, stream.headers.get('content-type')?.startsWith('multipart/x-mixed-replace')]).toEqual([200, true]);
    const first = await stream.body!.getReader().read();
    expect(Buffer.from(first.value!).includes(Buffer.from([0xff, 0xd8]))).toBe(true);
    controller.abort();
    const still = await fetch(field('Still Image URL'), { headers: { authorization: basic } });
    expect(still.status).toBe(200);
    expect((await sharp(Buffer.from(await still.arrayBuffer())).metadata()).width).toBe(640);
    expect((await fetch(field('Still Image URL'))).status).toBe(401);
  });
});

describe('docs/configuration.md, MQTT', () => {
  it('lists every key of the mqtt setting', () => {
    const keys = section(configuration, 'MQTT\n')
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .flatMap((l) => [...l.split(' | ')[0]!.matchAll(/`(\w+)`/g)].map((m) => m[1]!));
    const parsed = parseMqtt('{"url":"mqtt://b","username":"u","password":"p"}');
    expect(keys.sort()).toEqual(Object.keys(parsed.ok ? parsed.value : {}).sort());
  });

  it('prints the error line the relay gives for a bad URL', () => {
    const printed = /such as\s+`([^`]+)`/.exec(section(configuration, 'MQTT\n'))![1]!;
    expect(() => loadConfig([], { CAMRELAY_MQTT: '{"url":"http://broker:1883","password":"p"}' })).toThrow(printed);
  });
});
