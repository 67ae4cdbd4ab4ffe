/**
 * Each camera's per-label sensors (#39): for every name its detection follows (`person`,
 * `vehicle`), a retained ON/OFF state and a count, driven by the detection module's presence, and
 * their Home Assistant configs, with the camera's Object alert entity (#57: alerts come from the
 * detector). A camera has them while its detection is on; a label dropped (or detection switched
 * off, or the camera gone) has its configs and states emptied, as Home Assistant expects, so no
 * sensor stays behind reading OFF for a detector that no longer runs.
 */
import type { CameraInfo } from '../../shared/protocol.js';
import type { Provided } from '../modules/module.js';
import { alertDiscoveryOf, labelDiscoveryOf, type DiscoveryContext } from './discovery.js';
import type { PublishQueue } from './publish-queue.js';
import type { Topics } from './topics.js';

/** How many objects of each followed name a camera sees now (detection's presence). */
export type PresenceCounts = Record<string, number>;

export interface ObjectSensorsDeps {
  queue: PublishQueue;
  topics: Topics;
  /** Home Assistant discovery configs; null: the states only. */
  discovery: DiscoveryContext | null;
  cameras(): CameraInfo[];
  /** The detection module's offer; null when the relay runs without it (no sensors then). */
  /** Detection's offer, typed by its name so mqtt imports nothing of detection's folder. */
  detection: Pick<Provided['detection'], 'settings' | 'presence'> | null;
}

interface Shown {
  name: string;
  labels: string[];
}

export class ObjectSensors {
  private readonly shown = new Map<string, Shown>();
  /** Set by resync: the next sync also empties the alert config of each camera not detecting (one an older relay announced for every camera). */
  private sweep = false;

  constructor(private readonly d: ObjectSensorsDeps) {}

  /** Follows the camera list and each camera's detection settings: queues what changed since the last call. */
  sync(): void {
    const listed = new Set<string>();
    for (const camera of this.d.cameras()) {
      listed.add(camera.id);
      const before = this.shown.get(camera.id);
      const labels = this.followed(camera.id);
      const renamed = before !== undefined && before.name !== camera.name;
      for (const label of before?.labels ?? []) if (!labels.includes(label)) this.drop(camera.id, label);
      const added = labels.filter((l) => !before?.labels.includes(l));
      const counts = this.d.detection?.presence.of(camera.id) ?? {};
      const detecting = labels.length > 0;
      for (const label of renamed ? labels : added) this.announce(camera, label);
      if (detecting && (renamed || !before)) this.announceAlert(camera);
      if (!detecting && (before || this.sweep)) this.dropAlert(camera.id);
      for (const label of added) this.state(camera.id, label, counts[label] ?? 0);
      if (detecting) this.shown.set(camera.id, { name: camera.name, labels });
      else this.shown.delete(camera.id);
    }
    this.sweep = false;
    for (const [id, shown] of this.shown) {
      if (listed.has(id)) continue;
      for (const label of shown.labels) this.drop(id, label);
      this.dropAlert(id);
      this.shown.delete(id);
    }
  }

  /** Everything again (a new connection, Home Assistant restarted). */
  resync(): void {
    this.shown.clear();
    this.sweep = true;
    this.sync();
  }

  /** The detection module's presence changed for `camera`: its sensors' states. */
  presence(camera: string, counts: PresenceCounts): void {
    for (const label of this.shown.get(camera)?.labels ?? []) this.state(camera, label, counts[label] ?? 0);
  }

  private followed(camera: string): string[] {
    const settings = this.d.detection?.settings(camera);
    return settings?.enabled ? [...new Set(settings.labels as string[])] : [];
  }

  private state(camera: string, label: string, count: number): void {
    this.put(this.d.topics.object(camera, label), count > 0 ? 'ON' : 'OFF');
    this.put(this.d.topics.objectCount(camera, label), String(count));
  }

  private announce(camera: CameraInfo, label: string): void {
    if (!this.d.discovery) return;
    for (const m of labelDiscoveryOf({ id: camera.id, name: camera.name }, label, this.d.discovery)) this.put(m.topic, JSON.stringify(m.config));
  }

  private announceAlert(camera: CameraInfo): void {
    if (!this.d.discovery) return;
    const m = alertDiscoveryOf({ id: camera.id, name: camera.name }, this.d.discovery);
    this.put(m.topic, JSON.stringify(m.config));
  }

  private dropAlert(camera: string): void {
    if (this.d.discovery) this.put(this.d.topics.discovery('alert', camera), '');
  }

  /** An empty retained config removes the entity from Home Assistant; empty states make the broker forget them. */
  private drop(camera: string, label: string): void {
    const t = this.d.topics;
    if (this.d.discovery) for (const kind of ['detected', 'count'] as const) this.put(t.labelDiscovery(kind, camera, label), '');
    this.put(t.object(camera, label), '');
    this.put(t.objectCount(camera, label), '');
  }

  private put(topic: string, payload: string): void {
    this.d.queue.state({ topic, payload, qos: 1, retain: true });
  }
}
