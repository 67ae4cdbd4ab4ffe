/**
 * Who is seen, over MQTT (#58 item 1): Home Assistant's sensor per known person and its "Unknown
 * person", against a real mosquitto, a real relay with its face reader thread, a real capture client
 * and public-domain portraits (test/fixtures/faces/SOURCES.md). The person is handed to the events as
 * the detection module hands its confirmed objects (the detector's person boxes are detector.test.ts's).
 */
import { describe, expect, it } from 'vitest';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { setDetection } from '../helpers/detection-api.js';
import { mosquittoAvailable } from '../helpers/mosquitto.js';
import { login } from '../security/helpers/session.js';
import { facePhoto as photo, facesCall as call, personSeen } from '../server/faces/faces-scene.js';
import { discoveryTopic, haProblem } from './ha-schema.js';
import { mqttScene } from './mqtt-scene.js';

describe.runIf(mosquittoAvailable())('who is seen, over MQTT (real mosquitto, relay, face reader thread, portraits)', () => {
  const scene = mqttScene();

  it('announces a sensor per known person and one for unknown faces once a camera recognises faces, follows who is seen, and removes a deleted person', async () => {
    const recording = { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'motion' as const, format: 'jpeg' as const } };
    const { listener: l, server: s } = await scene.start(['camrelay/#', 'homeassistant/#'], { recording });
    const cookie = await login(s);
    const id = (await call(s, cookie, 'POST', '/api/faces', { name: 'Barack' })).body.people[0]!.id;
    expect((await call(s, cookie, 'POST', `/api/faces/${id}/photos`, photo('obama_official_portrait_2012.jpg'), 'image/jpeg')).status).toBe(201);
    await scene.camera(s.url, s.captureToken, 'door', { fps: 5 });
    await l.next('homeassistant/camera/camrelay/door/config');

    // No camera recognises faces: no name leaves the relay.
    expect(l.heard.filter((m) => m.topic.includes('person_') || m.topic.startsWith('camrelay/people/'))).toEqual([]);

    // The door recognises faces: Barack's sensor and the unknown one, both off, valid for Home Assistant, on one device.
    let since = l.heard.length;
    expect(await setDetection(s, cookie, 'door', { enabled: true, faces: true })).toBe(200);
    const barackConfig = await l.next(`homeassistant/binary_sensor/camrelay/person_${id}/config`, (m) => m.text !== '', since);
    const unknownConfig = await l.next('homeassistant/binary_sensor/camrelay/person_unknown/config', (m) => m.text !== '', since);
    for (const m of [barackConfig, unknownConfig])
      expect(haProblem(discoveryTopic(m.topic, 'homeassistant')!.component, JSON.parse(m.text)), m.topic).toBeNull();
    const [barack, unknown] = [barackConfig, unknownConfig].map((m) => JSON.parse(m.text) as Record<string, unknown>) as [
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    expect(barack).toMatchObject({
      name: 'Barack',
      device_class: 'occupancy',
      state_topic: `camrelay/people/${id}`,
      json_attributes_topic: `camrelay/people/${id}/cameras`,
      unique_id: `camrelay_camrelay_person_${id}`,
    });
    expect(unknown).toMatchObject({ name: 'Unknown person', state_topic: 'camrelay/people/unknown' });
    expect(barack.device).toEqual(unknown.device);
    await l.next(`camrelay/people/${id}`, (m) => m.text === 'OFF', since);
    await l.next('camrelay/people/unknown', (m) => m.text === 'OFF', since);

    // Barack at the door (a photo not used to enrol him), then a face no one enrolled.
    since = l.heard.length;
    const him = await personSeen(s, 'door', photo('obama_congress_address_2009.jpg'), 3);
    await l.next(`camrelay/people/${id}`, (m) => m.text === 'ON', since);
    const where = await l.next(`camrelay/people/${id}/cameras`, (m) => m.text.includes('door'), since);
    expect(JSON.parse(where.text)).toEqual({ cameras: ['door'], camera_ids: ['door'] });
    expect(l.last('camrelay/people/unknown')!.text).toBe('OFF');
    since = l.heard.length;
    await personSeen(s, 'door', photo('eileen_collins_nasa.jpg'), 4);
    await l.next('camrelay/people/unknown', (m) => m.text === 'ON', since);
    expect(l.last(`camrelay/people/${id}`)!.text).toBe('ON');

    // He leaves: his sensor goes off; the unknown person is still there.
    since = l.heard.length;
    s.provided.get('events')!.left('door', { object: him, zone: null, forMs: 1000, text: 'Person left', at: Date.now() });
    await l.next(`camrelay/people/${id}`, (m) => m.text === 'OFF', since);
    expect(l.last('camrelay/people/unknown')!.text).toBe('ON');

    // Deleting him removes his sensor from Home Assistant and his states from the broker.
    since = l.heard.length;
    expect((await call(s, cookie, 'DELETE', `/api/faces/${id}`)).status).toBe(200);
    await l.next(`homeassistant/binary_sensor/camrelay/person_${id}/config`, (m) => m.text === '', since);
    await l.next(`camrelay/people/${id}`, (m) => m.text === '', since);

    // Faces switched off everywhere: the unknown sensor goes too.
    since = l.heard.length;
    expect(await setDetection(s, cookie, 'door', { enabled: true, faces: false })).toBe(200);
    await l.next('homeassistant/binary_sensor/camrelay/person_unknown/config', (m) => m.text === '', since);
    await l.next('camrelay/people/unknown', (m) => m.text === '', since);
  }, 90_000);
});
