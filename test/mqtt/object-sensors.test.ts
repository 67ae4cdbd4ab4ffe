/**
 * Per-label sensors and object events over MQTT (#39), against a real mosquitto, a real relay and a
 * real capture client, with the detection module stood in by a real Presence the test drives: Home
 * Assistant's configs (checked against its schemas), ON/OFF and counts as presence changes, an
 * object event on the event topic that leaves the motion sensor on, and a dropped label removed.
 */
import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../server/mqtt/event-message.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { detectionStandIn } from '../helpers/detection-stand-in.js';
import { mosquittoAvailable } from '../helpers/mosquitto.js';
import { waitFor } from '../helpers/wait.js';
import { sceneJpeg } from '../server/recording/motion/scene.js';
import { discoveryTopic, haProblem } from './ha-schema.js';
import { mqttScene } from './mqtt-scene.js';

describe.runIf(mosquittoAvailable())('object sensors over MQTT', () => {
  const scene = mqttScene();

  it('announces a sensor and a count per followed label, follows presence, publishes object events, and removes a dropped label', async () => {
    const detection = detectionStandIn({ porch: { enabled: true, labels: ['person', 'vehicle'] }, yard: { enabled: false } });
    const recording = { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'motion' as const, format: 'jpeg' as const } };
    const { listener: l, server } = await scene.start(['camrelay/#', 'homeassistant/#'], { recording }, detection.table);
    await scene.camera(server.url, server.captureToken, 'porch', { fps: 10 });

    const configs = await waitFor(() => {
      const found = l.heard.filter((m) => /_(person|vehicle)_(detected|count)\/config$/.test(m.topic) && m.text !== '');
      return found.length >= 4 ? found : null;
    }, 'four label configs of porch');
    expect(configs.map((m) => m.topic).sort()).toEqual([
      'homeassistant/binary_sensor/camrelay/porch_person_detected/config',
      'homeassistant/binary_sensor/camrelay/porch_vehicle_detected/config',
      'homeassistant/sensor/camrelay/porch_person_count/config',
      'homeassistant/sensor/camrelay/porch_vehicle_count/config',
    ]);
    for (const m of configs) expect(haProblem(discoveryTopic(m.topic, 'homeassistant')!.component, JSON.parse(m.text)), m.topic).toBeNull();
    const person = JSON.parse(configs.find((m) => m.topic.includes('porch_person_detected'))!.text) as Record<string, unknown>;
    const camConfig = await l.next('homeassistant/camera/camrelay/porch/config');
    expect(person).toMatchObject({
      name: 'Person',
      device_class: 'occupancy',
      state_topic: 'camrelay/porch/objects/person',
      availability_topic: 'camrelay/available',
    });
    // One device with the camera's other entities.
    expect(person.device).toEqual((JSON.parse(camConfig.text) as { device: unknown }).device);
    await l.next('camrelay/porch/objects/person', (m) => m.text === 'OFF');
    await l.next('camrelay/porch/objects/person/count', (m) => m.text === '0');

    // The detector sees two people, then nobody.
    let since = l.heard.length;
    detection.presence.set('porch', [{ tracked: 'person' }, { tracked: 'person' }]);
    await l.next('camrelay/porch/objects/person', (m) => m.text === 'ON', since);
    await l.next('camrelay/porch/objects/person/count', (m) => m.text === '2', since);
    since = l.heard.length;
    detection.presence.set('porch', []);
    await l.next('camrelay/porch/objects/person', (m) => m.text === 'OFF', since);
    await l.next('camrelay/porch/objects/person/count', (m) => m.text === '0', since);

    // An event with a person: start, object (with its words and picture), the motion sensor stays on.
    since = l.heard.length;
    const t = Date.now();
    server.recording.motion('porch', { type: 'start', at: t, score: 5 });
    await l.next('camrelay/porch/motion', (m) => m.text === 'ON', since);
    const jpeg = await sceneJpeg({ square: { x: 10, y: 10 } });
    const seen = { label: 'person', tracked: 'person', score: 0.8, box: [1, 2, 3, 4] as [number, number, number, number], zones: ['Steps'], at: t + 5 };
    server.recording.events.objects('porch', { started: [seen], at: t + 5, jpeg, boxes: { width: 640, height: 360, boxes: [] } });
    const objectMessage = await l.next('camrelay/porch/event', (m) => m.text.includes('"type":"object"'), since);
    expect(JSON.parse(objectMessage.text) as EventMessage).toMatchObject({
      type: 'object',
      camera: 'porch',
      labels: ['person'],
      objects: [seen],
      summary: 'Person at porch · Steps',
    });
    await l.next('camrelay/porch/event/snapshot', () => true, l.heard.indexOf(objectMessage));
    await server.recording.events.idle();
    expect(l.last('camrelay/porch/motion')!.text).toBe('ON');

    // Vehicles are no longer followed: their entities and states are emptied; the camera not detecting has none.
    since = l.heard.length;
    detection.configure('porch', { labels: ['person'] });
    for (const topic of configs.filter((m) => m.topic.includes('vehicle')).map((m) => m.topic)) await l.next(topic, (m) => m.text === '', since);
    await l.next('camrelay/porch/objects/vehicle', (m) => m.text === '', since);
    expect(l.heard.some((m) => m.topic.includes('yard'))).toBe(false);
    expect(l.last('homeassistant/binary_sensor/camrelay/porch_person_detected/config')!.text).not.toBe('');
  }, 60_000);
});
