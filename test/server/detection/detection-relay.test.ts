/**
 * Object detection on the relay end to end (#39), with the real NanoDet worker, a real relay and a
 * real capture client over Socket.IO: a person walks into a still scene and out again, and the
 * event it makes says "person" with a box where the person was; moving foliage (a patch of noise)
 * makes motion events and no object.
 */
import { getDetection, setDetection } from '../../helpers/detection-api.js';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureClient } from '../../../capture-client/capture-client.js';
import type { EventList, MotionEvent } from '../../../shared/events.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { detectModelDir } from '../../helpers/detect-model.js';
import { listen, mqttSetting, startMosquitto, type Listener, type TestBroker } from '../../helpers/mosquitto.js';
import type { WebhookRule } from '../../../server/notifications/webhooks/webhook-settings.js';
import { startReceiver, type Receiver } from '../notifications/webhooks/receiver.js';
import { SCENE_H, SCENE_W, sceneBackground, scenePerson, withFoliage, withPerson } from '../../helpers/detect-scene.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { patient, waitFor } from '../../helpers/wait.js';
import { login } from '../../security/helpers/session.js';

const W = SCENE_W;
const H = SCENE_H;
const FPS = 5;

let server: TestServer | undefined;
let client: CaptureClient | undefined;
let timer: NodeJS.Timeout | undefined;
let receiver: Receiver | undefined;
let broker: TestBroker | undefined;
let listener: Listener | undefined;
afterEach(async () => {
  clearInterval(timer);
  client?.close();
  await stopTestServer(server);
  await listener?.close();
  await broker?.stop();
  await receiver?.close();
  server = client = timer = receiver = broker = listener = undefined;
});

/** A relay that records on motion (JPEG, no ffmpeg) with detection on for `door`, and a camera playing `scene(ms)`. */
async function relayPlaying(scene: (ms: number) => Promise<Buffer>): Promise<{ s: TestServer; cookie: string }> {
  await detectModelDir();
  // A webhook that hears people only, and an MQTT broker for Home Assistant's sensors.
  receiver = await startReceiver([200]);
  broker = await startMosquitto();
  listener = await listen(broker.url, ['camrelay/#']);
  const webhooks: WebhookRule[] = [{ url: `${receiver.url}/people`, labels: ['person'] }];
  const s = (server = await startTestServer({
    recording: { ...RECORDING_DEFAULTS, webhooks, defaults: { ...CAMERA_DEFAULTS, mode: 'motion', format: 'jpeg' } },
    mqtt: mqttSetting(broker.url, { snapshotSeconds: 0 }),
  }));
  const cookie = await login(s);
  expect(await setDetection(s, cookie, 'door', { enabled: true, rate: 2, labels: ['person', 'vehicle'] })).toBe(200);
  client = new CaptureClient({ server: s.url, token: s.captureToken, cameraId: 'door', transport: 'auto', ackTimeoutMs: 2000, fps: FPS, onEvent: () => {} });
  const started = Date.now();
  let sending = false;
  timer = setInterval(() => {
    if (sending) return;
    sending = true;
    void scene(Date.now() - started)
      .then((jpeg) => client?.push({ jpeg, capturedAt: Date.now() }))
      .finally(() => (sending = false));
  }, 1000 / FPS);
  return { s, cookie };
}

const detection = async (s: TestServer, cookie: string) => await getDetection(s, cookie, 'door');
const events = async (s: TestServer, cookie: string) =>
  ((await (await fetch(`${s.url}/api/events?camera=door&from=${Date.now() - 600_000}&to=${Date.now() + 60_000}`, { headers: { cookie } })).json()) as EventList)
    .events;

describe('object detection on the relay (real NanoDet, real relay and capture client)', () => {
  it(
    'a person walking in makes an event labelled person with a box where she stands, and her leaving is seen',
    async () => {
      const bg = await sceneBackground();
      const person = await scenePerson();
      // She walks right and back, 20 px a second, between x 120 and 200.
      const at = (ms: number) => 120 + Math.abs(((Math.round(ms / 50) + 80) % 160) - 80);
      // 3 s of the empty scene, then the person until the event says so (a busy machine detects slowly), then the empty scene.
      let gone = false;
      const { s, cookie } = await relayPlaying((ms) => (ms < 3000 || gone ? Promise.resolve(bg) : withPerson(bg, person, at(ms))));
      const e: MotionEvent = await waitFor(
        async () => (await events(s, cookie)).find((e) => e.labels?.includes('person')),
        'an event labelled person',
        30_000,
        250,
      ).catch(async (err: Error) => {
        // What the relay did instead: its detector and the events it made.
        throw new Error(
          `${err.message}; detection: ${JSON.stringify((await detection(s, cookie)).status)}; events: ${JSON.stringify(await events(s, cookie))}`,
        );
      });
      gone = true;
      expect(e.objects![0]).toMatchObject({ label: 'person', tracked: 'person' });
      // One notification, in words, and the person sensor on.
      const hook = await waitFor(() => receiver!.received.find((r) => r.path === '/people'), 'the webhook of the person', 10_000, 50);
      expect(JSON.parse(hook.body)).toMatchObject({ type: 'object', camera: 'door', summary: 'Person at door', labels: ['person'] });
      await listener!.next('camrelay/door/objects/person', (m) => m.text === 'ON');
      const onAt = listener!.heard.length;
      expect(e.boxes).toMatchObject({ width: W, height: H });
      const box = e.boxes!.boxes.find((b) => b.label === 'person')!;
      const [x, y, w, h] = box.box;
      // Her box's centre lies in the 144 × 330 picture pasted at x 120-200, y 15.
      expect(x + w / 2).toBeGreaterThan(120);
      expect(x + w / 2).toBeLessThan(344);
      expect(y + h / 2).toBeGreaterThan(15);
      expect(y + h / 2).toBeLessThan(345);
      expect(e.snapshotUrl).not.toBeNull();
      const snapshot = await fetch(`${s.url}${e.snapshotUrl}`, { headers: { cookie } });
      expect((await sharp(Buffer.from(await snapshot.arrayBuffer())).metadata()).width).toBe(W);
      // She leaves: the detector keeps looking until it sees her gone.
      await waitFor(async () => (await detection(s, cookie)).status.objects.person === 0, 'the person seen gone', 40_000, 250);
      await listener!.next('camrelay/door/objects/person', (m) => m.text === 'OFF', onAt);
      const answer = await detection(s, cookie);
      expect(answer.status).toMatchObject({ detector: 'ready', where: 'relay', motion: true, error: null });
      // She came once: one notification, however many detections saw her.
      expect(receiver!.received.filter((r) => r.path === '/people')).toHaveLength(1);
      expect(answer.status.counts.detected).toBeGreaterThanOrEqual(4);
    },
    patient(120_000),
  );

  it(
    'a person in view when her camera leaves is gone with it: the count, the sensor and the metric say 0 at once',
    async () => {
      const bg = await sceneBackground();
      const person = await scenePerson();
      const { s, cookie } = await relayPlaying((ms) => (ms < 3000 ? Promise.resolve(bg) : withPerson(bg, person, 160)));
      await waitFor(async () => (await detection(s, cookie)).status.objects.person === 1, 'the person followed', 40_000, 250);
      await listener!.next('camrelay/door/objects/person', (m) => m.text === 'ON');
      const onAt = listener!.heard.length;
      clearInterval(timer);
      client!.close();
      // No look comes after the camera left: only its leaving can end what it followed.
      await waitFor(async () => (await detection(s, cookie)).status.objects.person === 0, 'the person gone with her camera', 10_000, 100);
      await listener!.next('camrelay/door/objects/person', (m) => m.text === 'OFF', onAt);
      const metrics = await (await fetch(`${s.url}/metrics`, { headers: s.adminAuth })).text();
      expect(metrics).toContain('camrelay_objects{camera="door",label="person"} 0');
    },
    patient(120_000),
  );

  it(
    'moving foliage makes motion events and no object',
    async () => {
      const bg = await sceneBackground();
      let n = 0;
      const { s, cookie } = await relayPlaying((ms) => (ms < 2000 ? Promise.resolve(bg) : withFoliage(bg, n++)));
      await waitFor(async () => (await detection(s, cookie)).status.counts.detected >= 8, 'eight detector runs on the foliage', 40_000, 250);
      const found = await events(s, cookie);
      expect(found.length).toBeGreaterThanOrEqual(1);
      expect(found.flatMap((e) => e.labels ?? [])).toEqual([]);
      // Foliage notifies nobody who follows people.
      expect(receiver!.received).toEqual([]);
      expect((await detection(s, cookie)).status.objects).toEqual({});
    },
    patient(120_000),
  );
});
