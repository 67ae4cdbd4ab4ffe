/**
 * Home Assistant MQTT discovery configs for one camera: a camera entity (the snapshot topic's JPEG
 * bytes), a motion binary sensor, a recording switch, state and fps sensors, and, while its detection
 * is on (object-sensors.ts), an event entity for object alerts, sharing one device. Keys as Home Assistant's MQTT integration reads them
 * (homeassistant/components/mqtt/{camera,binary_sensor,switch,sensor,event}.py, schemas.py); pure,
 * the publisher does the I/O.
 */
import { CAMERA_STATUSES } from '../../shared/protocol.js';
import { ENTITIES, type EntityName, type Topics } from './topics.js';

export interface DiscoveredCamera {
  id: string;
  name: string;
}

export interface DiscoveryContext {
  topics: Topics;
  version: string;
  /** The relay's address as Home Assistant's users reach it (the device's link), or null. */
  publicUrl: string | null;
}

/** One retained message: where Home Assistant reads it, and the config as JSON. */
export interface DiscoveryMessage {
  entity: EntityName;
  topic: string;
  config: Record<string, unknown>;
}

const ON_OFF = { payload_on: 'ON', payload_off: 'OFF' };

/** The alert kinds the event entity fires (ObjectAlert['kind']); an alert of a kind not listed is refused by Home Assistant. */
export const ALERT_EVENT_TYPES = ['loitering', 'left'] as const;

/**
 * An alert message (event-message.ts AlertMessage) as Home Assistant's event entity reads it: a JSON
 * object whose `event_type` is the kind, the rest its attributes (mqtt/event.py pops `event_type`).
 * `tojson` is Jinja's own filter, so the template renders in any Jinja as in Home Assistant's.
 */
export const ALERT_VALUE_TEMPLATE =
  '{{ {"event_type": value_json.type, "summary": value_json.summary, "label": value_json.object.label, ' +
  '"object_id": value_json.objectId, "zone": value_json.zone, "seconds": (value_json.forMs / 1000) | round | int, ' +
  '"event_url": value_json.eventUrl} | tojson }}';

/** The camera's device, the same in every config of the camera, so Home Assistant groups its entities. */
function deviceOf(camera: DiscoveredCamera, c: DiscoveryContext): Record<string, unknown> {
  return {
    identifiers: [`camrelay_${c.topics.node}_${camera.id}`],
    name: camera.name,
    manufacturer: 'camrelay',
    model: 'Camera relayed by camrelay',
    sw_version: c.version,
    ...(c.publicUrl ? { configuration_url: `${c.publicUrl}/#/camera/${encodeURIComponent(camera.id)}` } : {}),
  };
}

/** What every config of a camera shares: its unique id (from `suffix`), the relay's availability, the device and the origin. */
function commonOf(camera: DiscoveredCamera, c: DiscoveryContext, suffix: string): Record<string, unknown> {
  return {
    unique_id: `camrelay_${c.topics.node}_${camera.id}${suffix}`,
    availability_topic: c.topics.available,
    device: deviceOf(camera, c),
    origin: { name: 'camrelay', sw_version: c.version },
  };
}

/** The entities every camera has; `alert` only while its detection is on (alertDiscoveryOf). */
export type CameraEntity = Exclude<EntityName, 'alert'>;
const CAMERA_ENTITIES = (Object.keys(ENTITIES) as EntityName[]).filter((e): e is CameraEntity => e !== 'alert');

const commonFor = (camera: DiscoveredCamera, c: DiscoveryContext, entity: EntityName) => commonOf(camera, c, ENTITIES[entity].suffix || '_camera');

/** Every config a camera has whatever its detection, in the order Home Assistant should create them (the device with its camera first). */
export function discoveryOf(camera: DiscoveredCamera, c: DiscoveryContext): DiscoveryMessage[] {
  const t = c.topics;
  const id = camera.id;
  const common = (entity: EntityName) => commonFor(camera, c, entity);
  const configs: Record<CameraEntity, Record<string, unknown>> = {
    // name null: the entity is named after its device (the camera's own name).
    camera: { name: null, topic: t.snapshot(id), ...common('camera') },
    motion: { name: 'Motion', device_class: 'motion', state_topic: t.motion(id), ...ON_OFF, ...common('motion') },
    recording: {
      name: 'Recording',
      icon: 'mdi:record-rec',
      command_topic: t.recordingSet(id),
      state_topic: t.recording(id),
      ...ON_OFF,
      ...common('recording'),
    },
    state: {
      name: 'State',
      device_class: 'enum',
      options: [...CAMERA_STATUSES],
      state_topic: t.state(id),
      entity_category: 'diagnostic',
      ...common('state'),
    },
    fps: {
      name: 'Frame rate',
      state_topic: t.fps(id),
      unit_of_measurement: 'fps',
      state_class: 'measurement',
      suggested_display_precision: 1,
      entity_category: 'diagnostic',
      ...common('fps'),
    },
  };
  return CAMERA_ENTITIES.map((entity) => ({ entity, topic: t.discovery(entity, id), config: configs[entity] }));
}

/**
 * The camera's Object alert entity (#57): announced only while its detection is on, since alerts come
 * from the detector; its messages are not retained (Home Assistant ignores a retained event anyway).
 */
export function alertDiscoveryOf(camera: DiscoveredCamera, c: DiscoveryContext): DiscoveryMessage {
  const config = {
    name: 'Object alert',
    icon: 'mdi:account-alert',
    state_topic: c.topics.alert(camera.id),
    event_types: [...ALERT_EVENT_TYPES],
    value_template: ALERT_VALUE_TEMPLATE,
    ...commonFor(camera, c, 'alert'),
  };
  return { entity: 'alert', topic: c.topics.discovery('alert', camera.id), config };
}

/** A label's two entities: whether one is seen now (binary sensor) and how many (sensor). */
export interface LabelDiscovery {
  topic: string;
  config: Record<string, unknown>;
}

/**
 * The configs of one followed label (`person`, `vehicle`) of a camera: "Person" (a binary sensor,
 * device class occupancy: on while one is there, moving or not, as Frigate's are) and "Person
 * count" (a sensor). Motion is the camera's own motion sensor; a parked car is occupancy, not motion.
 */
export function labelDiscoveryOf(camera: DiscoveredCamera, label: string, c: DiscoveryContext): LabelDiscovery[] {
  const t = c.topics;
  const slug = t.labelSlug(label);
  const name = label.charAt(0).toUpperCase() + label.slice(1);
  return [
    {
      topic: t.labelDiscovery('detected', camera.id, label),
      config: { name, device_class: 'occupancy', state_topic: t.object(camera.id, label), ...ON_OFF, ...commonOf(camera, c, `_${slug}_detected`) },
    },
    {
      topic: t.labelDiscovery('count', camera.id, label),
      config: {
        name: `${name} count`,
        icon: 'mdi:counter',
        state_topic: t.objectCount(camera.id, label),
        state_class: 'measurement',
        ...commonOf(camera, c, `_${slug}_count`),
      },
    },
  ];
}

/** The discovery topics every camera has, for clearing them (an empty retained config removes the entity); the alert entity's is object-sensors.ts's. */
export function discoveryTopics(camera: string, topics: Topics): string[] {
  return CAMERA_ENTITIES.map((entity) => topics.discovery(entity, camera));
}
