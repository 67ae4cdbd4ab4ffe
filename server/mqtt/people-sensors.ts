/**
 * Home Assistant's sensors of who is seen (#58): one per known person and one for "Unknown person",
 * each ON while a camera that recognises faces sees them, with the cameras that do as its attributes.
 * They are the relay's, not a camera's: one device, "camrelay faces". They exist only while at least
 * one camera recognises faces (a relay that names no one publishes no names); a person removed, or
 * faces switched off everywhere, has their config and states emptied, as Home Assistant expects.
 */
import type { Provided } from '../modules/module.js';
import type { DiscoveryContext } from './discovery.js';
import type { PublishQueue } from './publish-queue.js';
import type { Topics } from './topics.js';

/** What the sensors read of the faces module (typed by its name, so mqtt imports nothing of its folder). */
export type PeopleSource = Pick<Provided['faces'], 'here' | 'known'>;

export interface PeopleSensorsDeps {
  queue: PublishQueue;
  topics: Topics;
  discovery: DiscoveryContext | null;
  faces: PeopleSource;
  /** True while at least one camera's detection reads faces. */
  recognising(): boolean;
  nameOf(camera: string): string;
}

/** The key of the "Unknown person" sensor (faces' UNKNOWN_PERSON). */
const UNKNOWN = 'unknown';

interface Shown {
  name: string;
  state: string;
}

export class PeopleSensors {
  /** Each sensor announced: its name, and the attributes last published (its state follows from them). */
  private readonly shown = new Map<string, Shown>();

  constructor(private readonly d: PeopleSensorsDeps) {}

  /** Follows the known people, whether any camera recognises faces, and who is here: queues what changed. */
  sync(): void {
    const people = new Map<string, string>(this.d.recognising() ? [...this.d.faces.known.names(), [UNKNOWN, 'Unknown person']] : []);
    const where = this.d.faces.here.where();
    for (const key of [...this.shown.keys()]) if (!people.has(key)) this.drop(key);
    for (const [key, name] of people) {
      const before = this.shown.get(key);
      if (before?.name !== name) this.announce(key, name);
      const cameras = where.get(key) ?? [];
      const state = JSON.stringify({ cameras: cameras.map((c) => this.d.nameOf(c)), camera_ids: cameras });
      if (before?.state !== state) this.state(key, cameras.length > 0, state);
      this.shown.set(key, { name, state });
    }
  }

  /** Everything again (a new connection, Home Assistant restarted). */
  resync(): void {
    this.shown.clear();
    this.sync();
  }

  /** Its state and its attributes (`cameras`), as last published. */
  private state(key: string, on: boolean, attributes: string): void {
    this.put(this.d.topics.person(key), on ? 'ON' : 'OFF');
    this.put(this.d.topics.personCameras(key), attributes);
  }

  private announce(key: string, name: string): void {
    const c = this.d.discovery;
    if (!c) return;
    const t = c.topics;
    const config = {
      name,
      device_class: 'occupancy',
      icon: key === UNKNOWN ? 'mdi:account-question' : 'mdi:account',
      state_topic: t.person(key),
      payload_on: 'ON',
      payload_off: 'OFF',
      json_attributes_topic: t.personCameras(key),
      unique_id: `camrelay_${t.node}_person_${key}`,
      availability_topic: t.available,
      device: {
        identifiers: [`camrelay_${t.node}_faces`],
        name: 'camrelay faces',
        manufacturer: 'camrelay',
        model: 'Known faces',
        sw_version: c.version,
        ...(c.publicUrl ? { configuration_url: `${c.publicUrl}/#/settings/faces` } : {}),
      },
      origin: { name: 'camrelay', sw_version: c.version },
    };
    this.put(t.personDiscovery(key), JSON.stringify(config));
  }

  /** An empty retained config removes the entity from Home Assistant; empty states make the broker forget them. */
  private drop(key: string): void {
    const t = this.d.topics;
    if (this.d.discovery) this.put(t.personDiscovery(key), '');
    this.put(t.person(key), '');
    this.put(t.personCameras(key), '');
    this.shown.delete(key);
  }

  private put(topic: string, payload: string): void {
    this.d.queue.state({ topic, payload, qos: 1, retain: true });
  }
}
