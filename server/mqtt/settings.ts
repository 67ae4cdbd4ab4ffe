/**
 * `mqtt`: the broker the relay publishes its cameras to (docs/home-assistant.md). One JSON value
 * (`mqtt` in the config file, CAMRELAY_MQTT, --mqtt) checked with zod once at start, and the
 * password apart (CAMRELAY_MQTT_PASSWORD), so a config file can be shown without it. Off unless set.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fail, ok, type Result } from '../../shared/result.js';
import type { SettingsSection } from '../config/settings.js';

/** A topic prefix: levels of printable text, no wildcard, no empty level (`home/cams`, not `/cams/`). */
const TOPIC_PREFIX = /^(?:[^/#+\s\0]+)(?:\/[^/#+\s\0]+)*$/;

const topicPrefix = z.string().max(128).regex(TOPIC_PREFIX, 'must be topic levels without +, #, spaces or empty levels (like camrelay or home/cameras)');

const brokerUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    // Credentials in the URL would be logged with it: they go in username and password.
    return (url.protocol === 'mqtt:' || url.protocol === 'mqtts:') && url.hostname !== '' && !url.username && !url.password;
  } catch {
    return false;
  }
}, 'must be an mqtt:// or mqtts:// URL without a user name or password (use username and password)');

const schema = z
  .object({
    url: brokerUrl,
    username: z.string().min(1).max(256).optional(),
    password: z.string().min(1).max(1024).optional(),
    /** A PEM file: the CA that signed an mqtts:// broker's certificate (a private CA), instead of the system's. */
    ca: z.string().min(1).optional(),
    topicPrefix: topicPrefix.default('camrelay'),
    discoveryPrefix: topicPrefix.default('homeassistant'),
    /** false: the relay's own topics only, no Home Assistant discovery configs. */
    discovery: z.boolean().default(true),
    /** Each camera's newest picture on its snapshot topic this often (0: only on request and with events). */
    snapshotSeconds: z.number().min(0).max(86_400).default(10),
    /** Commands that change the relay (the recording switch) are carried out; false: refused. */
    allowCommands: z.boolean().default(false),
    /** The mode the recording switch's ON sets. */
    recordMode: z.enum(['continuous', 'motion']).default('continuous'),
    /** Most messages (and MB) waiting for the broker; beyond them new ones are dropped and counted. */
    queueMessages: z.number().int().min(10).max(100_000).default(1000),
    queueMb: z.number().min(1).max(1024).default(16),
  })
  .strict();

/** The checked `mqtt` setting: the broker and what is published; `ca` read into memory. */
export type MqttConfig = Omit<z.output<typeof schema>, 'ca'> & { ca: Buffer | null };

// A type, not an interface: ServerConfig is read as a record of settings (load-config.ts).
export type MqttSettings = {
  /** null: the module is off. */
  mqtt: MqttConfig | null;
  /** Wins over `mqtt.password`; never logged or shown. */
  mqttPassword: string | undefined;
};

const where = (path: PropertyKey[]) => ['mqtt', ...path.map(String)].join('.');

/** Parses and checks the whole `mqtt` value (JSON text); the error names the setting at fault, never its value. */
export function parseMqtt(text: string): Result<MqttConfig, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('mqtt must be a JSON object');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys')
      return fail(`${where([...issue.path, issue.keys[0]!])} is not an mqtt setting (known: ${Object.keys(schema.shape).join(', ')})`);
    if (issue.path.length === 0) return fail('mqtt must be a JSON object with at least url');
    return fail(`${where(issue.path)} ${issue.message.startsWith('must') ? issue.message : `is not valid (${issue.message})`}`);
  }
  let ca: Buffer | null = null;
  if (parsed.data.ca !== undefined) {
    try {
      ca = readFileSync(parsed.data.ca);
    } catch (err) {
      return fail(`mqtt.ca cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  return ok({ ...parsed.data, ca });
}

/** The mqtt module's settings section: the one JSON value, and the password on its own. */
export const mqttSettings: SettingsSection<MqttSettings> = {
  defaults: { mqtt: null, mqttPassword: undefined },
  settings: [
    {
      key: 'mqtt',
      env: 'CAMRELAY_MQTT',
      flag: 'mqtt',
      kind: 'custom',
      secret: true,
      parse: parseMqtt,
      help: 'publish cameras to an MQTT broker, with Home Assistant discovery, JSON: {"url":"mqtt://broker:1883","username":"camrelay"} (docs/home-assistant.md)',
    },
    {
      key: 'mqttPassword',
      env: 'CAMRELAY_MQTT_PASSWORD',
      flag: 'mqtt-password',
      kind: 'string',
      secret: true,
      help: "the MQTT broker's password for mqtt.username (wins over mqtt.password; never logged)",
    },
  ],
  check: (c) => (c.mqttPassword !== undefined && !c.mqtt ? 'CAMRELAY_MQTT_PASSWORD is set but mqtt is not: set mqtt.url too.' : null),
};
