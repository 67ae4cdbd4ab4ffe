/**
 * The System section's API over real HTTP (#42 item 3): admins only, the relay's figures, the log's warnings with
 * their codes, and a diagnostics bundle that holds no secret: the admin password, a camera token, a stream token, an
 * IP camera's password, the MQTT password, a TURN secret, a webhook's token and URL are searched for in all its text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import type { SystemStatus } from '../../../shared/system.js';
import { mqttSetting } from '../../helpers/mosquitto.js';
import { freePort } from '../../helpers/processes.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';

const VIEWER = { username: 'viewer1', password: 'viewer-password-1' };
const CAMERA_PASSWORD = 'CamPass-8812xq';
const MQTT_PASSWORD = 'MqttPass-77aa1';
const MQTT_JSON_PASSWORD = 'MqttJsonPass-31c';
const TURN_SECRET = 'TurnSecret-55b2';
const METRICS_TOKEN = 'MetricsTok-90zz';
const WEBHOOK_TOKEN = 'Bearer Hook-4471';
const WEBHOOK_PATH = 'ntfy-topic-secret-3391';

describe('the System API', () => {
  let server: TestServer;
  let cookie: string;
  const secrets: Record<string, string> = {
    adminPassword: TEST_ADMIN.password,
    CAMERA_PASSWORD,
    MQTT_PASSWORD,
    MQTT_JSON_PASSWORD,
    TURN_SECRET,
    METRICS_TOKEN,
    WEBHOOK_TOKEN,
    WEBHOOK_PATH,
  };

  beforeAll(async () => {
    const closed = await freePort();
    server = await startTestServer({
      mqtt: mqttSetting(`mqtt://127.0.0.1:${closed}`, { username: 'camrelay', password: MQTT_JSON_PASSWORD }),
      mqttPassword: MQTT_PASSWORD,
      turnSecret: TURN_SECRET,
      metricsToken: METRICS_TOKEN,
      recording: { ...RECORDING_DEFAULTS, webhooks: [{ url: `https://ntfy.example/${WEBHOOK_PATH}`, headers: { Authorization: WEBHOOK_TOKEN } }] },
    });
    secrets.captureToken = server.captureToken;
    cookie = await login(server);
    server.store.putUser({ username: VIEWER.username, role: 'viewer', cameras: '*', password: await hashPassword(VIEWER.password) });
  });
  afterAll(() => stopTestServer(server));

  const call = async (method: string, route: string, body?: unknown, who = cookie) => {
    const res = await fetch(`${server.url}${route}`, {
      method,
      headers: { cookie: who, ...sameOrigin(server), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  it('answers 401 to no one signed in and 403 to a viewer', async () => {
    for (const route of ['/api/system', '/api/system/diagnostics']) {
      expect((await fetch(`${server.url}${route}`)).status).toBe(401);
      const viewer = await login(server, VIEWER);
      const refused = await call('GET', route, undefined, viewer);
      expect([refused.status, JSON.parse(refused.text).error]).toEqual([403, 'FORBIDDEN']);
    }
  });

  it('tells the version, uptime, process, disk and clients, and the log’s warnings with their codes', async () => {
    // The MQTT broker is not there: the mqtt module warns, and the System section shows it.
    const status = await waitFor(
      async () => {
        const got = await call('GET', '/api/system');
        const s = (JSON.parse(got.text) as { system: SystemStatus }).system;
        return s.log.some((e) => e.code === 'MQTT_CONNECTING') ? s : null;
      },
      'the mqtt warning on the System API',
      20_000,
    );
    expect(status.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(status.node).toBe(process.version);
    expect(status.uptimeS).toBeGreaterThanOrEqual(0);
    expect(status.memory.rssBytes).toBeGreaterThan(10_000_000);
    expect(status.cpu.percent).toBeGreaterThanOrEqual(0);
    expect(status.disk.freeBytes).toBeGreaterThan(0);
    expect(status.disk.totalBytes).toBeGreaterThanOrEqual(status.disk.freeBytes!);
    expect(status.disk.forecast).toMatchObject({ bytesPerDay: null, daysFit: null, retentionDays: null });
    expect(status.clients).toEqual({ capture: 0, viewers: 0 });
    const warning = status.log.find((e) => e.code === 'MQTT_CONNECTING')!;
    expect(warning).toMatchObject({ level: 'warn', module: 'camrelay:mqtt', message: 'mqtt connecting' });
    expect(JSON.stringify(status)).not.toContain(MQTT_JSON_PASSWORD);
  });

  it('downloads a diagnostics bundle with no secret in it', async () => {
    const camToken = JSON.parse((await call('POST', '/api/camera-tokens', { cameraId: 'porch', label: 'pc' })).text) as { secret: string };
    const streamToken = JSON.parse((await call('POST', '/api/cameras/porch/stream-tokens', { label: 'frigate' })).text) as { secret: string };
    Object.assign(secrets, { cameraToken: camToken.secret, streamToken: streamToken.secret });
    const ip = await call('PUT', '/api/admin/ip-cameras/gate', { kind: 'rtsp', url: `rtsp://admin:${CAMERA_PASSWORD}@127.0.0.1:1/main` });
    expect(ip.status).toBe(200);
    // Secrets that reached log lines: a camera's URL, and a password in a sentence (the known-value backstop).
    server.log
      .child({ name: 'camrelay:ip-cameras' })
      .error({ camera: 'gate', err: `could not open rtsp://admin:${CAMERA_PASSWORD}@127.0.0.1:1/main` }, 'ip camera change failed');
    server.log.warn(`the broker refused the password ${MQTT_PASSWORD}`);

    const got = await call('GET', '/api/system/diagnostics');
    expect(got.status).toBe(200);
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="camrelay-diagnostics-[\d-]+\.json"$/);
    const bundle = JSON.parse(got.text) as Record<string, unknown>;
    expect(Object.keys(bundle)).toEqual(['bundle', 'made', 'versions', 'system', 'config', 'modules', 'cameras', 'ipCameras', 'metrics']);
    expect(bundle.versions).toMatchObject({ camrelay: expect.any(String), node: process.version });
    expect(bundle.metrics).toContain('camrelay_capture_clients');
    expect(JSON.stringify(bundle.ipCameras)).toContain('rtsp://');
    expect(bundle.config).toMatchObject({ mqtt: { username: 'camrelay', password: '[redacted]' }, mqttPassword: '[redacted]', adminPassword: '[redacted]' });
    const log = (bundle.system as SystemStatus).log;
    expect(log.find((e) => e.code === 'IP_CAMERA_CHANGE_FAILED')).toMatchObject({
      level: 'error',
      module: 'camrelay:ip-cameras',
      detail: 'camera=gate err=could not open rtsp://[redacted]@127.0.0.1:1/main',
    });
    expect(log.find((e) => e.code === 'LOG_WARN')?.message).toBe('the broker refused the password [redacted]');
    for (const [name, secret] of Object.entries(secrets)) expect(got.text.includes(secret), `${name} is in the bundle`).toBe(false);
  });
});
