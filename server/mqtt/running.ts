/**
 * One running MQTT link (the `mqtt` module holds one, or none while off): the broker connection, its bounded
 * publish queue, and what feeds it, the cameras' states, pictures, commands, and the per-label and per-person
 * sensors. Started with a config, closed when the admin applies another.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { lanAddresses } from '../http/lan.js';
import type { EventType } from '../events/event-record.js';
import type { EventRecord, ObjectAlert } from '../events/event-record.js';
import { alertMessage } from './event-message.js';
import type { ModuleContext } from '../modules/module.js';
import { VERSION } from '../version.js';
import { BrokerLink, type LinkStatus } from './broker-link.js';
import { CameraStates, FPS_EVERY_MS } from './camera-states.js';
import { Commands } from './commands.js';
import type { MqttParts } from './metrics.js';
import { ObjectSensors, type PresenceCounts } from './object-sensors.js';
import { PeopleSensors } from './people-sensors.js';
import { Pictures } from './pictures.js';
import { PublishQueue } from './publish-queue.js';
import type { MqttConfig, MqttSettings } from './settings.js';
import { Topics } from './topics.js';
import { TestGate } from '../http/test-gate.js';
import { publicUrlOf } from '../events/public-event.js';
import { CamrelayError } from '../../shared/errors.js';
import type { LinkSeen } from './ha-status.js';

/** Which events are published (the Admin area's switches); undefined: every camera, start and end. Object events follow `cameras` only. */
export interface MqttEventFilter {
  cameras?: string[];
  events?: EventType[];
}

/** A running link and what feeds it; the module holds one, or none while off. */
export interface Running extends MqttParts {
  topics: Topics;
  sync(): void;
  presence(camera: string, counts: PresenceCounts): void;
  /** Who is seen by face, or the known people, changed. */
  people(): void;
  recording(camera: string, mode: Parameters<CameraStates['recording']>[1]): void;
  event(type: EventType, record: EventRecord): void;
  alert(camera: string, alert: ObjectAlert): void;
  config(): Record<string, unknown>;
  /** The settings and announced cameras the Home Assistant section reads. */
  seen(): LinkSeen;
  close(): Promise<void>;
}

/** The relay's address as users reach it: recording.publicUrl, else its own (a LAN address when it listens on all). */
function relayAddress(ctx: ModuleContext<MqttSettings>): string {
  const publicUrl = publicUrlOf(ctx.config);
  if (publicUrl) return publicUrl;
  const port = (ctx.http.address() as AddressInfo | null)?.port ?? ctx.config.port;
  const all = ctx.config.host === '0.0.0.0' || ctx.config.host === '::';
  const host = all ? (lanAddresses()[0] ?? 'localhost') : ctx.config.host;
  return `${ctx.httpAuth.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The words the log gives a link's state: what it does, and why it could not. */
function logStatus(log: ModuleContext['log'], s: LinkStatus): void {
  if (s.state === 'connected') log.info({ connects: s.connects }, 'mqtt connected');
  else log.warn({ err: s.lastError, retryInMs: s.retryInMs }, 'mqtt connecting');
}

export function start(ctx: ModuleContext<MqttSettings>, config: MqttConfig, filter: MqttEventFilter): Running {
  const log = ctx.log.child({ name: 'camrelay:mqtt' });
  // Recording is optional: without it every camera's mode is off, and a record command is refused.
  const manager = ctx.provided.get('recording')?.manager ?? null;
  const events = ctx.provided.need('events');
  const topics = new Topics(config.topicPrefix, config.discoveryPrefix);
  const base = () => relayAddress(ctx);
  let link: BrokerLink | null = null;
  const queue = new PublishQueue({ messages: config.queueMessages, bytes: config.queueMb * 1024 * 1024, send: (m, done) => link!.publish(m, done) });
  const states = new CameraStates({
    queue,
    topics,
    discovery: config.discovery ? { topics, version: VERSION, publicUrl: publicUrlOf(ctx.config) } : null,
    cameras: () => ctx.relay.cameras.list(),
    recordingMode: (camera) => manager?.settingsOf(camera).mode ?? 'off',
    moving: (camera) => events.current(camera) !== null,
  });
  const pictures = new Pictures({
    queue,
    topics,
    cameras: () => ctx.relay.cameras.list().map((c) => c.id),
    latest: (camera) => ctx.relay.latestFrame(camera),
    eventPicture: (record) => (manager ? readFile(manager.files.picturePath(record, 'snapshot')).catch(() => null) : Promise.resolve(null)),
    base,
    nameOf: (camera) => ctx.relay.cameras.get(camera)?.name ?? camera,
    motion: (camera, moving) => states.motion(camera, moving),
    everySeconds: config.snapshotSeconds,
  });
  // Per-label sensors when the detection module runs (it comes before mqtt in the table); none without it.
  const objects = new ObjectSensors({
    queue,
    topics,
    discovery: config.discovery ? { topics, version: VERSION, publicUrl: publicUrlOf(ctx.config) } : null,
    cameras: () => ctx.relay.cameras.list(),
    detection: ctx.provided.get('detection') ?? null,
  });
  // A sensor per known person and one for unknown faces, when the faces module runs (after detection, before mqtt).
  const faces = ctx.provided.get('faces');
  const detection = ctx.provided.get('detection');
  const people = faces
    ? new PeopleSensors({
        queue,
        topics,
        discovery: config.discovery ? { topics, version: VERSION, publicUrl: publicUrlOf(ctx.config) } : null,
        faces,
        recognising: () => ctx.relay.cameras.list().some((c) => detection?.settings(c.id).faces === true && detection.settings(c.id).enabled),
        nameOf: (camera) => ctx.relay.cameras.get(camera)?.name ?? camera,
      })
    : null;
  const refusalLog = new TestGate(60_000);
  const commands = new Commands({
    allowCommands: config.allowCommands,
    recordMode: config.recordMode,
    known: (camera) => ctx.relay.cameras.get(camera) !== undefined,
    configure: (camera, change) => (manager ? manager.configure(camera, change) : Promise.reject(new CamrelayError('RECORDING_OFF'))),
    snapshot: (camera) => pictures.requested(camera),
    refused: (camera, command, error, known) => {
      // A flood on the command topics (anyone the broker lets publish there) must not fill the log or
      // the queue that carries motion events: a line per camera a minute, and the newest refusal only.
      if (refusalLog.take(known ? camera : '') === 0) log.warn({ camera: known ? camera : '(unknown)', command, code: error.code }, 'mqtt command refused');
      if (known) queue.state({ topic: topics.refused(camera), payload: JSON.stringify({ command, ...error.toJSON() }), qos: 1, retain: false });
    },
  });
  const everything = () => {
    states.resync();
    objects.resync();
    people?.resync();
    pictures.scheduled(true);
  };
  link = new BrokerLink({
    url: config.url,
    username: config.username,
    password: ctx.config.mqttPassword ?? config.password,
    ca: config.ca,
    clientId: `camrelay-${topics.node}-${randomBytes(4).toString('hex')}`,
    availability: topics.available,
    subscriptions: topics.subscriptions,
    onConnected: () => {
      everything();
      queue.connected();
    },
    onLost: () => queue.lost(),
    onStatus: (s) => logStatus(log, s),
    onMessage: (topic, payload, retained) => {
      if (topic === topics.homeAssistantStatus) return void (payload.toString() === 'online' && everything());
      const heard = topics.command(topic);
      if (heard)
        void commands.heard(heard.camera, heard.command, payload, retained).catch((err: Error) => log.warn({ err: err.message }, 'mqtt command failed'));
    },
  });
  // The frame rate moves without a list notice (the notice skips rate-only changes).
  const tick = setInterval(() => states.sync(), FPS_EVERY_MS);
  tick.unref();
  const published = (type: EventType, camera: string) =>
    (!filter.cameras || filter.cameras.includes(camera)) && (type === 'object' || !filter.events || filter.events.includes(type));
  log.info({ url: config.url, topicPrefix: config.topicPrefix, discovery: config.discovery ? config.discoveryPrefix : false }, 'mqtt on');
  return {
    link,
    queue,
    commands,
    topics,
    sync: () => {
      states.sync();
      objects.sync();
      people?.sync();
    },
    presence: (camera, counts) => objects.presence(camera, counts),
    people: () => people?.sync(),
    recording: (camera, mode) => states.recording(camera, mode),
    event: (type, record) => {
      if (published(type, record.camera)) pictures.event(type, record);
      // The motion sensor is a state: it follows every camera, whichever event messages are published.
      else if (type !== 'object') states.motion(record.camera, type === 'start');
    },
    // Its own topic: a subscriber picks loitering and leaving by subscribing, as a webhook rule does by `alerts`.
    alert: (camera, alert) => {
      if (filter.cameras && !filter.cameras.includes(camera)) return;
      const name = ctx.relay.cameras.get(camera)?.name ?? camera;
      const message = alertMessage(camera, alert, base(), name, events.eventOf(camera, alert.object.id));
      queue.event({ topic: topics.alert(camera), payload: JSON.stringify(message), qos: 1, retain: false });
    },
    seen: () => ({
      status: link.status,
      discovery: config.discovery,
      discoveryPrefix: config.discoveryPrefix,
      topicPrefix: config.topicPrefix,
      snapshotSeconds: config.snapshotSeconds,
      announced: states.announced(),
    }),
    config: () => ({ url: config.url, username: config.username ?? null, topicPrefix: config.topicPrefix, discoveryPrefix: config.discoveryPrefix }),
    async close() {
      clearInterval(tick);
      pictures.close();
      // Events that recording's close ends after this are not sent (as webhooks' are not): offline says why.
      queue.close();
      await link.close();
    },
  };
}
