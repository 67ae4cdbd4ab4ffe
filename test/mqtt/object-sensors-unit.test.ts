/** ObjectSensors with a real PublishQueue and no broker: what it queues as cameras, settings and presence change. */
import { describe, expect, it } from 'vitest';
import { DETECT_DEFAULTS, type DetectSettings } from '../../common/detect/detect-settings.js';
import type { CameraInfo } from '../../shared/protocol.js';
import { Presence } from '../../server/detection/presence.js';
import { ObjectSensors } from '../../server/mqtt/object-sensors.js';
import { PublishQueue, type Message } from '../../server/mqtt/publish-queue.js';
import { Topics } from '../../server/mqtt/topics.js';

function setup() {
  const sent: Message[] = [];
  const queue = new PublishQueue({ messages: 1000, bytes: 1 << 20, send: (m, done) => (sent.push(m), done()) });
  queue.connected();
  const topics = new Topics('camrelay', 'homeassistant');
  const settings = new Map<string, DetectSettings>();
  const presence = new Presence();
  let cameras: CameraInfo[] = [];
  const camera = (id: string, name = id) => ({ id, name }) as CameraInfo;
  const sensors = new ObjectSensors({
    queue,
    topics,
    discovery: { topics, version: '1', publicUrl: null },
    cameras: () => cameras,
    detection: { settings: (c) => settings.get(c) ?? DETECT_DEFAULTS, presence },
  });
  presence.onChange((c, counts) => sensors.presence(c, counts));
  const take = () => sent.splice(0).map((m) => `${m.topic} ${String(m.payload)}`.trim());
  return { sensors, settings, presence, take, list: (...c: CameraInfo[]) => (cameras = c), camera };
}

describe('ObjectSensors', () => {
  it('has nothing for a camera whose detection is off, and everything once it is on', () => {
    const s = setup();
    s.list(s.camera('door'));
    s.sensors.sync();
    expect(s.take()).toEqual([]);
    s.settings.set('door', { ...DETECT_DEFAULTS, enabled: true, labels: ['person'] });
    s.presence.set('door', [{ tracked: 'person' }]);
    s.sensors.sync();
    expect(s.take().map((m) => m.replace(/ \{.*/, ' {config}'))).toEqual([
      'homeassistant/binary_sensor/camrelay/door_person_detected/config {config}',
      'homeassistant/sensor/camrelay/door_person_count/config {config}',
      'homeassistant/event/camrelay/door_alert/config {config}',
      'camrelay/door/objects/person ON',
      'camrelay/door/objects/person/count 1',
    ]);
  });

  it('follows presence only for the labels it shows, re-announces a renamed camera, and empties everything of a camera that left', () => {
    const s = setup();
    s.settings.set('door', { ...DETECT_DEFAULTS, enabled: true, labels: ['person'] });
    s.list(s.camera('door'));
    s.sensors.sync();
    s.take();
    s.presence.set('door', [{ tracked: 'person' }, { tracked: 'person' }, { tracked: 'dog' }]);
    expect(s.take()).toEqual(['camrelay/door/objects/person ON', 'camrelay/door/objects/person/count 2']);
    s.list(s.camera('door', 'Front door'));
    s.sensors.sync();
    expect(
      s
        .take()
        .map((m) => JSON.parse(m.slice(m.indexOf(' ') + 1)) as { device: { name: string } })
        .map((c) => c.device.name),
    ).toEqual(['Front door', 'Front door', 'Front door']);
    s.list();
    s.sensors.sync();
    expect(s.take()).toEqual([
      'homeassistant/binary_sensor/camrelay/door_person_detected/config',
      'homeassistant/sensor/camrelay/door_person_count/config',
      'camrelay/door/objects/person',
      'camrelay/door/objects/person/count',
      'homeassistant/event/camrelay/door_alert/config',
    ]);
  });

  it('announces the Object alert entity while detection is on, and empties its config when detection is switched off', () => {
    const s = setup();
    s.list(s.camera('door'), s.camera('yard'));
    s.settings.set('door', { ...DETECT_DEFAULTS, enabled: true, labels: ['person'] });
    s.sensors.sync();
    const alerts = () => s.take().filter((m) => m.includes('/event/'));
    const announced = alerts();
    expect(announced.map((m) => m.split(' ')[0])).toEqual(['homeassistant/event/camrelay/door_alert/config']);
    expect(JSON.parse(announced[0]!.slice(announced[0]!.indexOf(' ') + 1))).toMatchObject({
      state_topic: 'camrelay/door/alert',
      event_types: ['loitering', 'left'],
    });
    s.sensors.sync();
    expect(alerts()).toEqual([]);
    s.settings.set('door', { ...DETECT_DEFAULTS, enabled: false, labels: ['person'] });
    s.sensors.sync();
    expect(alerts()).toEqual(['homeassistant/event/camrelay/door_alert/config']);
    s.settings.set('door', { ...DETECT_DEFAULTS, enabled: true, labels: ['person'] });
    s.sensors.sync();
    expect(alerts().map((m) => m.split(' ')[0])).toEqual(['homeassistant/event/camrelay/door_alert/config']);
  });

  it('empties on resync the alert config of a camera not detecting, one an older relay may have left on the broker', () => {
    const s = setup();
    s.list(s.camera('door'), s.camera('yard'));
    s.settings.set('door', { ...DETECT_DEFAULTS, enabled: true, labels: ['person'] });
    s.sensors.resync();
    const alerts = s.take().filter((m) => m.includes('/event/'));
    expect(alerts.map((m) => m.replace(/ \{.*/, ' {config}'))).toEqual([
      'homeassistant/event/camrelay/door_alert/config {config}',
      'homeassistant/event/camrelay/yard_alert/config',
    ]);
    s.sensors.sync();
    expect(s.take()).toEqual([]);
  });

  it('publishes it all again on resync (a new connection), the counts as they are now', () => {
    const s = setup();
    s.settings.set('door', { ...DETECT_DEFAULTS, enabled: true, labels: ['vehicle'] });
    s.list(s.camera('door'));
    s.sensors.sync();
    s.presence.set('door', [{ tracked: 'vehicle' }]);
    s.take();
    s.sensors.resync();
    expect(s.take().filter((m) => m.startsWith('camrelay/'))).toEqual(['camrelay/door/objects/vehicle ON', 'camrelay/door/objects/vehicle/count 1']);
  });
});
