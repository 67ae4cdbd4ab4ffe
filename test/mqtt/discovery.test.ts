import { describe, expect, it } from 'vitest';
import { ALERT_VALUE_TEMPLATE, alertDiscoveryOf, discoveryOf, discoveryTopics, labelDiscoveryOf } from '../../server/mqtt/discovery.js';
import { Topics } from '../../server/mqtt/topics.js';
import { discoveryTopic, haProblem } from './ha-schema.js';

const topics = new Topics('camrelay', 'homeassistant');
const context = { topics, version: '0.1.0', publicUrl: 'https://cams.example.com' };

describe('discoveryOf', () => {
  const messages = discoveryOf({ id: 'front-door', name: 'Front door' }, context);

  it('gives a camera, a motion sensor, a recording switch and two diagnostic sensors, each on a topic Home Assistant matches', () => {
    expect(messages.map((m) => m.topic)).toEqual([
      'homeassistant/camera/camrelay/front-door/config',
      'homeassistant/binary_sensor/camrelay/front-door_motion/config',
      'homeassistant/switch/camrelay/front-door_recording/config',
      'homeassistant/sensor/camrelay/front-door_state/config',
      'homeassistant/sensor/camrelay/front-door_fps/config',
    ]);
    for (const m of messages) expect(discoveryTopic(m.topic, 'homeassistant')).toMatchObject({ component: m.topic.split('/')[1], node: 'camrelay' });
  });

  it("passes Home Assistant's schemas for each component", () => {
    for (const m of messages) expect(haProblem(discoveryTopic(m.topic, 'homeassistant')!.component, m.config), m.topic).toBeNull();
  });

  it('shares one device and the relay’s availability, with an id unique per camera and entity', () => {
    const devices = new Set(messages.map((m) => JSON.stringify(m.config.device)));
    expect(devices.size).toBe(1);
    expect(messages[0]!.config.device).toMatchObject({
      identifiers: ['camrelay_camrelay_front-door'],
      name: 'Front door',
      configuration_url: 'https://cams.example.com/#/camera/front-door',
    });
    expect(new Set(messages.map((m) => m.config.unique_id)).size).toBe(messages.length);
    for (const m of messages) expect(m.config.availability_topic).toBe('camrelay/available');
  });

  it('wires each entity to its topics', () => {
    const byEntity = Object.fromEntries(messages.map((m) => [m.entity, m.config]));
    expect(byEntity.camera).toMatchObject({ topic: 'camrelay/front-door/snapshot', name: null });
    expect(byEntity.motion).toMatchObject({ device_class: 'motion', state_topic: 'camrelay/front-door/motion', payload_on: 'ON', payload_off: 'OFF' });
    expect(byEntity.recording).toMatchObject({ command_topic: 'camrelay/front-door/recording/set', state_topic: 'camrelay/front-door/recording' });
    expect(byEntity.state).toMatchObject({ device_class: 'enum', options: ['starting', 'live', 'stalled', 'offline'] });
  });

  it('leaves the device link out without a public address (Home Assistant takes only a URL there)', () => {
    const [camera] = discoveryOf({ id: 'door', name: 'door' }, { ...context, publicUrl: null });
    expect(camera!.config.device).not.toHaveProperty('configuration_url');
    expect(haProblem('camera', camera!.config)).toBeNull();
  });

  it('names its node after the topic prefix, so two relays on one broker do not overwrite each other', () => {
    const other = new Topics('home/cams', 'ha');
    expect(discoveryTopics('door', other)[0]).toBe('ha/camera/home_cams/door/config');
    expect(discoveryTopic(discoveryTopics('door', other)[0]!, 'ha')).toEqual({ component: 'camera', node: 'home_cams', object: 'door' });
  });
});

describe('alertDiscoveryOf', () => {
  const alert = alertDiscoveryOf({ id: 'front-door', name: 'Front door' }, context);

  it('gives the Object alert event entity on the camera’s device, passing Home Assistant’s schema', () => {
    expect(alert.topic).toBe('homeassistant/event/camrelay/front-door_alert/config');
    expect(alert.config).toMatchObject({ state_topic: 'camrelay/front-door/alert', event_types: ['loitering', 'left'], value_template: ALERT_VALUE_TEMPLATE });
    expect(alert.config.device).toEqual(discoveryOf({ id: 'front-door', name: 'Front door' }, context)[0]!.config.device);
    expect(haProblem('event', alert.config)).toBeNull();
  });
});

describe('labelDiscoveryOf', () => {
  it('gives an occupancy sensor and a count per label, on the camera’s device, passing Home Assistant’s schemas', () => {
    const [detected, count] = labelDiscoveryOf({ id: 'front-door', name: 'Front door' }, 'traffic light', context);
    expect([detected!.topic, count!.topic]).toEqual([
      'homeassistant/binary_sensor/camrelay/front-door_traffic_light_detected/config',
      'homeassistant/sensor/camrelay/front-door_traffic_light_count/config',
    ]);
    expect(detected!.config).toMatchObject({ name: 'Traffic light', device_class: 'occupancy', state_topic: 'camrelay/front-door/objects/traffic_light' });
    expect(count!.config).toMatchObject({
      name: 'Traffic light count',
      state_topic: 'camrelay/front-door/objects/traffic_light/count',
      state_class: 'measurement',
    });
    expect(detected!.config.device).toEqual(discoveryOf({ id: 'front-door', name: 'Front door' }, context)[0]!.config.device);
    for (const m of [detected!, count!]) expect(haProblem(discoveryTopic(m.topic, 'homeassistant')!.component, m.config), m.topic).toBeNull();
    const ids = [detected!, count!, ...discoveryOf({ id: 'front-door', name: 'Front door' }, context)].map((m) => m.config.unique_id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('haProblem (the schema check itself)', () => {
  it('refuses what Home Assistant refuses or drops', () => {
    expect(haProblem('camera', { name: 'x' })).toBe('topic is required');
    expect(haProblem('switch', { command_topic: 'a/+/set' })).toBe('command_topic a publish topic has no wildcard');
    expect(haProblem('binary_sensor', { state_topic: 'a', device: { name: 'no id' } })).toBe('device needs identifiers or connections');
    expect(haProblem('sensor', { state_topic: 'a', device_class: 'enum', options: ['a'], unit_of_measurement: 'x' })).toBe(
      'an enum sensor has no unit or state class',
    );
    expect(haProblem('camera', { topic: 'a', image_topic: 'b' })).toBe('image_topic is not a key Home Assistant reads (it would be dropped)');
  });
});
