/**
 * Loitering and leaving alerts (#57) from the events module to a real mosquitto, on their own topic, with the words
 * notifications say, and Home Assistant's event entity that reads them (its discovery config and its value template).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LeftAlert, LoiterAlert } from '../../server/events/event-record.js';
import type { AlertMessage } from '../../server/mqtt/event-message.js';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { sceneJpeg } from '../server/recording/motion/scene.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { detectionStandIn } from '../helpers/detection-stand-in.js';
import { listen, mosquittoAvailable, mqttSetting, startMosquitto, type Listener, type TestBroker } from '../helpers/mosquitto.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { discoveryTopic, haProblem } from './ha-schema.js';
import { jinjaAvailable, renderValueTemplate, templatePaths } from './ha-template.js';

const object = { id: 5, label: 'person', tracked: 'person', score: 0.9, box: [1, 2, 3, 4] as [number, number, number, number], zones: ['Driveway'], at: 1000 };

describe.runIf(mosquittoAvailable())('object alerts over MQTT', () => {
  let broker: TestBroker | undefined;
  let server: TestServer | undefined;
  let listener: Listener | undefined;
  let camera: TestCamera | undefined;

  afterEach(async () => {
    camera?.stop();
    camera = undefined;
    await listener?.close();
    await stopTestServer(server);
    await broker?.close();
    broker = server = listener = undefined;
  });

  it('publishes a stay and a leaving on <prefix>/<camera>/alert, a leaving from no zone told by the camera', async () => {
    broker = await startMosquitto();
    listener = await listen(broker.url, ['camrelay/+/alert']);
    server = await startTestServer({ mqtt: mqttSetting(broker.url, { snapshotSeconds: 0 }) });
    const events = server.provided.need('events');
    const loiter: LoiterAlert = { object, zone: 'Driveway', forMs: 30_000, text: 'Person in Driveway for 30 s', at: 31_000 };
    const left: LeftAlert = { object, zone: null, forMs: 120_000, text: 'Person left door after 2 min', at: 121_000 };
    events.loitering('door', loiter);
    events.left('door', left);
    const first = JSON.parse((await listener.next('camrelay/door/alert')).text) as AlertMessage;
    const second = JSON.parse((await listener.next('camrelay/door/alert', (m) => m.text.includes('"type":"left"'))).text) as AlertMessage;
    expect(first).toEqual({
      type: 'loitering',
      camera: 'door',
      summary: 'Person in Driveway for 30 s',
      objectId: 5,
      object,
      labels: ['person'],
      zone: 'Driveway',
      forMs: 30_000,
      at: 31_000,
      eventId: null,
      snapshotUrl: null,
      thumbnailUrl: null,
      eventUrl: `${server.url}/#/camera/door/at/1000`,
    });
    // No camera named door is known here: its id is its name.
    expect(second).toMatchObject({ type: 'left', summary: 'Person left door after 2 min', objectId: 5, zone: null });
  }, 60_000);

  it('carries the snapshot of the event the object was one of, after that event ended, as an absolute URL', async () => {
    broker = await startMosquitto();
    listener = await listen(broker.url, ['camrelay/+/alert']);
    server = await startTestServer({ recording: RECORDING_DEFAULTS, mqtt: mqttSetting(broker.url, { snapshotSeconds: 0 }) });
    const s = server;
    const t = Date.now();
    s.recording.motion('door', { type: 'start', at: t, score: 5 });
    await waitFor(() => s.recording.events.current('door'), 'the event under way');
    const jpeg = await sceneJpeg({ square: { x: 10, y: 10 } });
    s.recording.events.objects('door', { started: [{ ...object, at: t + 5 }], at: t + 5, jpeg, boxes: { width: 640, height: 360, boxes: [] } });
    const eventId = s.recording.events.current('door')!.id;
    s.recording.motion('door', { type: 'end', at: t + 10 });
    await s.recording.events.idle();
    s.provided.need('events').loitering('door', { object, zone: 'Driveway', forMs: 30_000, text: 'Person in Driveway for 30 s', at: t + 30_000 });
    const message = JSON.parse((await listener.next('camrelay/door/alert')).text) as AlertMessage;
    expect(message).toMatchObject({
      eventId,
      snapshotUrl: `${s.url}/api/cameras/door/events/${eventId}/snapshot.jpg`,
      thumbnailUrl: `${s.url}/api/cameras/door/events/${eventId}/thumbnail.jpg`,
    });
  }, 60_000);

  it('announces an event entity per detecting camera that Home Assistant fires with each alert, its summary and object as attributes', async () => {
    broker = await startMosquitto();
    listener = await listen(broker.url, ['camrelay/#', 'homeassistant/#']);
    const detection = detectionStandIn({ door: { enabled: true, labels: ['person'] } });
    server = await startTestServer({ mqtt: mqttSetting(broker.url, { snapshotSeconds: 0 }) }, detection.table);
    camera = await startCamera(server.url, server.captureToken, 'door', { fps: 5 });
    const announced = await listener.next('homeassistant/event/camrelay/door_alert/config', (m) => m.text !== '');
    const config = JSON.parse(announced.text) as { state_topic: string; event_types: string[]; value_template: string; name: string };
    expect(discoveryTopic(announced.topic, 'homeassistant')).toEqual({ component: 'event', node: 'camrelay', object: 'door_alert' });
    expect(haProblem('event', config)).toBeNull();
    expect(config).toMatchObject({ name: 'Object alert', state_topic: 'camrelay/door/alert', event_types: ['loitering', 'left'] });

    const since = listener.heard.length;
    const loiter: LoiterAlert = { object, zone: 'Driveway', forMs: 30_000, text: 'Person in Driveway for 30 s', at: 31_000 };
    server.provided.need('events').loitering('door', loiter);
    const alert = await listener.next(config.state_topic, () => true, since);
    // Home Assistant drops a retained event (mqtt/event.py): it must come live.
    expect(alert.retain).toBe(false);
    const message = JSON.parse(alert.text) as Record<string, unknown>;
    for (const path of templatePaths(config.value_template)) {
      expect(
        path.reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], message),
        path.join('.'),
      ).not.toBeUndefined();
    }
    if (!jinjaAvailable()) return console.log('python3 with jinja2 is not here: the template was not rendered');
    const event = JSON.parse(renderValueTemplate(config.value_template, message)) as Record<string, unknown>;
    expect(config.event_types).toContain(event.event_type);
    expect(event).toEqual({
      event_type: 'loitering',
      summary: 'Person in Driveway for 30 s',
      label: 'person',
      object_id: 5,
      zone: 'Driveway',
      seconds: 30,
      event_url: `${server.url}/#/camera/door/at/1000`,
    });
  }, 60_000);

  it('announces no alert entity for a camera without detection, removes it when detection is switched off and announces it again when on', async () => {
    broker = await startMosquitto();
    listener = await listen(broker.url, ['camrelay/#', 'homeassistant/#']);
    const l = listener;
    const detection = detectionStandIn({ door: { enabled: false, labels: ['person'] } });
    server = await startTestServer({ mqtt: mqttSetting(broker.url, { snapshotSeconds: 0 }) }, detection.table);
    camera = await startCamera(server.url, server.captureToken, 'door', { fps: 5 });
    const topic = 'homeassistant/event/camrelay/door_alert/config';
    await l.next('homeassistant/camera/camrelay/door/config', (m) => m.text !== '');
    // Its other entities are announced; the alert entity's retained config is none (a late subscriber finds nothing there).
    const late = await listen(broker.url, ['homeassistant/#']);
    try {
      // The broker sends every retained message at once on subscribing: the camera's five configs, and no alert.
      await waitFor(() => late.heard.filter((m) => m.retain && m.topic.includes('/door')).length >= 5 || null, 'the retained configs of door');
      expect(late.heard.some((m) => m.topic === topic)).toBe(false);
    } finally {
      await late.close();
    }
    expect(l.heard.some((m) => m.topic === topic && m.text !== '')).toBe(false);

    let since = l.heard.length;
    detection.configure('door', { enabled: true });
    const announced = await l.next(topic, (m) => m.text !== '', since);
    expect(haProblem('event', JSON.parse(announced.text))).toBeNull();

    since = l.heard.length;
    detection.configure('door', { enabled: false });
    await l.next(topic, (m) => m.text === '', since);
  }, 60_000);
});
