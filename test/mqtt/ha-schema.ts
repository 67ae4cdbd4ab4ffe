/**
 * Home Assistant's MQTT discovery schemas for the components camrelay publishes, written from
 * home-assistant/core's homeassistant/components/mqtt/: camera.py (PLATFORM_SCHEMA_BASE: name,
 * required topic, image_encoding "b64"), binary_sensor.py and sensor.py (on MQTT_RO_SCHEMA in
 * config.py: required state_topic), switch.py (on MQTT_RW_SCHEMA: required command_topic, optional
 * state_topic), event.py (on MQTT_RO_SCHEMA: required event_types), and schemas.py (MQTT_ENTITY_COMMON_SCHEMA: availability, device with at least one
 * identifier, origin with a name, unique_id, entity_category...). Home Assistant's discovery schemas
 * are `extra=vol.REMOVE_EXTRA`: an unknown key is dropped without a word, so here it is an error.
 */

type Check = (value: unknown) => string | null;

const str: Check = (v) => (typeof v === 'string' ? null : 'must be a string');
const strOrNull: Check = (v) => (v === null || typeof v === 'string' ? null : 'must be a string or null');
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const positiveInt: Check = (v) => (Number.isInteger(v) && (v as number) >= 0 ? null : 'must be a whole number ≥ 0');
const oneOf =
  (...values: unknown[]): Check =>
  (v) =>
    values.includes(v) ? null : `must be one of ${values.join(', ')}`;
const listOf =
  (item: Check): Check =>
  (v) =>
    Array.isArray(v) ? (v.map(item).find((p) => p) ?? null) : 'must be a list';

/** util.py valid_subscribe_topic: text without NUL, `+` a whole level, `#` only the whole last level. */
export const subscribeTopic: Check = (v) => {
  if (typeof v !== 'string' || v === '' || v.includes('\0')) return 'must be a topic';
  const levels = v.split('/');
  for (const [i, level] of levels.entries()) {
    if (level.includes('+') && level !== '+') return 'has + inside a level';
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return 'has # other than as the last level';
  }
  return null;
};
/** util.py valid_publish_topic: a subscribe topic without wildcards. */
export const publishTopic: Check = (v) => subscribeTopic(v) ?? (/[+#]/.test(v as string) ? 'a publish topic has no wildcard' : null);
/** cv.icon: `prefix:name`. */
const icon: Check = (v) => (typeof v === 'string' && /^[a-z0-9-]+:[a-z0-9-]+$/.test(v) ? null : 'must be an icon such as mdi:camera');
/** cv.configuration_url: an http(s) URL (or homeassistant://). */
const url: Check = (v) => (typeof v === 'string' && /^(https?|homeassistant):\/\/./.test(v) ? null : 'must be a URL');

function object(fields: Record<string, Check>, required: string[] = [], rule?: (o: Record<string, unknown>) => string | null): Check {
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'must be an object';
    const o = v as Record<string, unknown>;
    for (const key of required) if (!(key in o)) return `${key} is required`;
    for (const [key, value] of Object.entries(o)) {
      const check = fields[key];
      if (!check) return `${key} is not a key Home Assistant reads (it would be dropped)`;
      const problem = check(value);
      if (problem) return `${key} ${problem}`;
    }
    return rule?.(o) ?? null;
  };
}

/** schemas.py MQTT_ENTITY_DEVICE_INFO_SCHEMA, with validate_device_has_at_least_one_identifier. */
const device = object(
  {
    identifiers: listOf(str),
    connections: listOf(listOf(str)),
    manufacturer: str,
    model: str,
    model_id: str,
    name: str,
    hw_version: str,
    serial_number: str,
    sw_version: str,
    via_device: str,
    suggested_area: str,
    configuration_url: url,
  },
  [],
  (d) => ((d.identifiers as unknown[] | undefined)?.length || (d.connections as unknown[] | undefined)?.length ? null : 'needs identifiers or connections'),
);

/** config.py MQTT_BASE_SCHEMA, and schemas.py MQTT_ENTITY_COMMON_SCHEMA (with MQTT_AVAILABILITY_SCHEMA). */
const COMMON: Record<string, Check> = {
  qos: oneOf(0, 1, 2),
  encoding: str,
  availability_topic: subscribeTopic,
  availability_template: str,
  payload_available: str,
  payload_not_available: str,
  availability_mode: oneOf('all', 'any', 'latest'),
  device,
  origin: object({ name: str, sw_version: str, support_url: url }, ['name']),
  enabled_by_default: bool,
  entity_category: oneOf('config', 'diagnostic'),
  icon,
  json_attributes_topic: subscribeTopic,
  json_attributes_template: str,
  object_id: str,
  unique_id: str,
};
/** config.py MQTT_RO_SCHEMA. */
const READ_ONLY = { ...COMMON, state_topic: subscribeTopic, value_template: str };

/** Sensor device classes (a few: the ones a camera relay could use) and binary sensor's motion. */
const SENSOR_DEVICE_CLASSES = ['enum', 'duration', 'timestamp', 'data_rate', 'data_size'];

export const HA_SCHEMAS: Record<string, Check> = {
  camera: object({ ...COMMON, name: strOrNull, topic: subscribeTopic, image_encoding: oneOf('b64') }, ['topic']),
  binary_sensor: object(
    {
      ...READ_ONLY,
      device_class: oneOf('motion', 'occupancy', 'problem', 'connectivity', 'running', null),
      expire_after: positiveInt,
      force_update: bool,
      name: strOrNull,
      off_delay: positiveInt,
      payload_off: str,
      payload_on: str,
    },
    ['state_topic'],
  ),
  switch: object(
    {
      ...COMMON,
      command_topic: publishTopic,
      optimistic: bool,
      retain: bool,
      state_topic: subscribeTopic,
      command_template: str,
      name: strOrNull,
      payload_off: str,
      payload_on: str,
      state_off: str,
      state_on: str,
      value_template: str,
      device_class: oneOf('outlet', 'switch', null),
    },
    ['command_topic'],
  ),
  event: object({ ...READ_ONLY, device_class: oneOf('button', 'doorbell', 'motion', null), name: strOrNull, event_types: listOf(str) }, [
    'state_topic',
    'event_types',
  ]),
  sensor: object(
    {
      ...READ_ONLY,
      device_class: oneOf(...SENSOR_DEVICE_CLASSES, null),
      expire_after: positiveInt,
      force_update: bool,
      last_reset_value_template: str,
      name: strOrNull,
      options: listOf(str),
      suggested_display_precision: positiveInt,
      state_class: oneOf('measurement', 'total', 'total_increasing', null),
      unit_of_measurement: strOrNull,
    },
    ['state_topic'],
    // sensor.py validate_sensor_state_and_device_class_config: options only for enum, and an enum has no unit or state class.
    (s) =>
      s.options !== undefined && s.device_class !== 'enum'
        ? 'options is only for device_class enum'
        : s.device_class === 'enum' && (s.unit_of_measurement !== undefined || s.state_class !== undefined)
          ? 'an enum sensor has no unit or state class'
          : null,
  ),
};

/** discovery.py TOPIC_MATCHER, matched (as there) against the topic after `<discovery prefix>/`. */
const TOPIC_MATCHER = /^(?<component>\w+)\/(?:(?<node>[a-zA-Z0-9_-]+)\/)?(?<object>[a-zA-Z0-9_-]+)\/config$/;

/** The component, node and object a discovery topic names, as Home Assistant reads them, or null. */
export function discoveryTopic(topic: string, prefix: string): { component: string; node?: string; object: string } | null {
  if (!topic.startsWith(`${prefix}/`)) return null;
  const m = TOPIC_MATCHER.exec(topic.slice(prefix.length + 1));
  return m ? (m.groups as { component: string; node?: string; object: string }) : null;
}

/** Null, or why Home Assistant would refuse (or silently change) this discovery config. */
export function haProblem(component: string, config: unknown): string | null {
  const schema = HA_SCHEMAS[component];
  return schema ? schema(config) : `${component} is not a component camrelay publishes`;
}
