/**
 * The MQTT settings as the Admin area sends them, checked by the config file's own zod schema
 * (`parseMqtt`), the password kept when the form leaves it empty; and which cameras' events are
 * published. Pure.
 */
import { CAMERA_ID_PATTERN } from '../../shared/protocol.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { NOTIFY_EVENTS, type NotifyEvent } from '../../shared/notifications.js';
import { parseMqtt, type MqttConfig } from '../mqtt/settings.js';
import { fieldOf, sameServer, type Refusal } from './webhook-input.js';

/** The Admin area's MQTT settings as kept in the data folder. */
export interface AdminMqtt {
  enabled: boolean;
  url: string;
  username?: string;
  password?: string;
  topicPrefix?: string;
  discoveryPrefix?: string;
  allowCommands?: boolean;
  /** Only these cameras' motion events are published (default: every camera). */
  cameras?: string[];
  events?: NotifyEvent[];
}

const KEYS = ['enabled', 'url', 'username', 'password', 'topicPrefix', 'discoveryPrefix', 'allowCommands', 'cameras', 'events'];
const BROKER_KEYS = ['url', 'username', 'password', 'topicPrefix', 'discoveryPrefix', 'allowCommands'] as const;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the body; `old` gives the password an empty one keeps. The config is what the mqtt module runs with. */
export function checkMqttInput(raw: unknown, old?: AdminMqtt | null): Result<{ admin: AdminMqtt; config: MqttConfig }, Refusal> {
  if (!isObject(raw)) return fail({ message: 'mqtt must be an object with at least url', field: null });
  const extra = Object.keys(raw).find((k) => !KEYS.includes(k));
  if (extra !== undefined) return fail({ message: `mqtt.${extra.slice(0, 64)} is not an mqtt setting (known: ${KEYS.join(', ')})`, field: null });
  const { enabled = true, cameras, events } = raw;
  if (typeof enabled !== 'boolean') return fail({ message: 'mqtt.enabled must be true or false', field: 'enabled' });
  if (
    cameras !== undefined &&
    cameras !== null &&
    (!Array.isArray(cameras) || cameras.length > 256 || cameras.some((c) => typeof c !== 'string' || !CAMERA_ID_PATTERN.test(c)))
  )
    return fail({ message: 'mqtt.cameras must be a list of at most 256 camera ids', field: 'cameras' });
  if (events !== undefined && (!Array.isArray(events) || events.length === 0 || events.some((e) => !NOTIFY_EVENTS.includes(e as NotifyEvent))))
    return fail({ message: `mqtt.events must be a list of ${NOTIFY_EVENTS.join(', ')}`, field: 'events' });
  const broker: Record<string, unknown> = {};
  for (const key of BROKER_KEYS) if (raw[key] !== undefined && raw[key] !== '') broker[key] = raw[key];
  // The password is never shown to the page, so an edit leaves it empty: empty keeps the old one, for the same user at the same broker.
  if (broker.password === undefined && old?.password !== undefined && broker.username !== undefined) {
    if (broker.username !== old.username || !sameServer(broker.url, old.url))
      return fail({
        message:
          "mqtt.password: enter the broker's password again: the broker's address or user name changed, and a kept password goes only to the broker and user it was set for",
        field: 'password',
      });
    broker.password = old.password;
  }
  const parsed = parseMqtt(JSON.stringify(broker));
  if (!parsed.ok) return fail({ message: parsed.error, field: fieldOf(parsed.error, 'mqtt') ?? 'url' });
  const admin: AdminMqtt = { enabled, ...(broker as Pick<AdminMqtt, 'url'>) };
  if (Array.isArray(cameras)) admin.cameras = cameras as string[];
  if (events !== undefined) admin.events = events as NotifyEvent[];
  return ok({ admin, config: parsed.value });
}
