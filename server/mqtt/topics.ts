/**
 * Every topic the relay publishes or hears, from the two prefixes: one place, so the docs, the
 * discovery configs and the commands cannot disagree. Camera ids are safe topic levels
 * (CAMERA_ID_PATTERN: letters, digits, `_`, `-`).
 */

/** Discovery components the relay publishes, each per camera (docs/home-assistant.md). */
export const ENTITIES = {
  camera: { component: 'camera', suffix: '' },
  motion: { component: 'binary_sensor', suffix: '_motion' },
  recording: { component: 'switch', suffix: '_recording' },
  state: { component: 'sensor', suffix: '_state' },
  fps: { component: 'sensor', suffix: '_fps' },
  alert: { component: 'event', suffix: '_alert' },
} as const;
export type EntityName = keyof typeof ENTITIES;

/** The commands a camera's topics take, and the topic level that names each. */
export type Command = 'recording' | 'snapshot';

export class Topics {
  /** Home Assistant's node id: the topic prefix as one level (`home/cams` → `home_cams`), so two relays on one broker differ. */
  readonly node: string;
  /** `online` while the relay is connected, `offline` (the last will) otherwise; retained. */
  readonly available: string;

  constructor(
    readonly prefix: string,
    readonly discoveryPrefix: string,
  ) {
    this.node = prefix.replace(/[^a-zA-Z0-9_-]/g, '_');
    this.available = `${prefix}/available`;
  }

  /** `starting`, `live`, `stalled` or `offline` (CAMERA_STATUSES); retained. */
  state = (camera: string) => `${this.prefix}/${camera}/state`;
  /** Frames per second reaching the relay, one decimal; retained. */
  fps = (camera: string) => `${this.prefix}/${camera}/fps`;
  /** `ON` while a motion event lasts, else `OFF`; retained. */
  motion = (camera: string) => `${this.prefix}/${camera}/motion`;
  /** `ON` while the camera records in any mode, else `OFF`; retained. */
  recording = (camera: string) => `${this.prefix}/${camera}/recording`;
  /** The recording mode itself: `off`, `continuous` or `motion`; retained. */
  recordingMode = (camera: string) => `${this.prefix}/${camera}/recording/mode`;
  /** Command: `ON`, `OFF` or a mode name. */
  recordingSet = (camera: string) => `${this.prefix}/${camera}/recording/set`;
  /** Why the last command was refused (JSON with a stable code). */
  refused = (camera: string) => `${this.prefix}/${camera}/refused`;
  /** The newest picture, JPEG bytes; retained. */
  snapshot = (camera: string) => `${this.prefix}/${camera}/snapshot`;
  /** Command: any payload asks for a snapshot now. */
  snapshotGet = (camera: string) => `${this.prefix}/${camera}/snapshot/get`;
  /** Motion events' starts and ends, JSON. */
  event = (camera: string) => `${this.prefix}/${camera}/event`;
  /** An object's loitering or leaving (#57), JSON; not retained. */
  alert = (camera: string) => `${this.prefix}/${camera}/alert`;
  /** An event's snapshot (its picture of most motion), JPEG bytes. */
  eventSnapshot = (camera: string) => `${this.prefix}/${camera}/event/snapshot`;

  /** A label as one topic level (`traffic light` → `traffic_light`): COCO labels have spaces, topics and ids want none. */
  labelSlug = (label: string) => label.replace(/[^a-zA-Z0-9_-]/g, '_');
  /** `ON` while the camera's detector sees an object followed as `label` (`person`, `vehicle`), else `OFF`; retained. */
  object = (camera: string, label: string) => `${this.prefix}/${camera}/objects/${this.labelSlug(label)}`;
  /** How many objects followed as `label` it sees now; retained. */
  objectCount = (camera: string, label: string) => `${this.object(camera, label)}/count`;

  /**
   * `ON` while a camera that recognises faces sees the known person `key` (their id; `unknown`: a face no one
   * enrolled), else `OFF`; retained (#58). No camera topic has `unknown` or an id as its second level.
   */
  person = (key: string) => `${this.prefix}/people/${key}`;
  /** The cameras that see them now, JSON (`cameras`: names, `camera_ids`); retained: the sensor's attributes. */
  personCameras = (key: string) => `${this.person(key)}/cameras`;
  /** Where Home Assistant reads a person's binary sensor config. */
  personDiscovery = (key: string) => `${this.discoveryPrefix}/binary_sensor/${this.node}/person_${key}/config`;

  /** Where Home Assistant reads a label's binary sensor (`detected`) or count sensor config. */
  labelDiscovery(kind: 'detected' | 'count', camera: string, label: string): string {
    const component = kind === 'detected' ? 'binary_sensor' : 'sensor';
    return `${this.discoveryPrefix}/${component}/${this.node}/${camera}_${this.labelSlug(label)}_${kind}/config`;
  }

  /** Where Home Assistant reads one entity's discovery config. */
  discovery(entity: EntityName, camera: string): string {
    const { component, suffix } = ENTITIES[entity];
    return `${this.discoveryPrefix}/${component}/${this.node}/${camera}${suffix}/config`;
  }

  /** Home Assistant's own birth message: it came (back) online and wants the configs again. */
  get homeAssistantStatus(): string {
    return `${this.discoveryPrefix}/status`;
  }

  /** What the relay subscribes to: both commands of every camera, and Home Assistant's status. */
  get subscriptions(): string[] {
    return [`${this.prefix}/+/recording/set`, `${this.prefix}/+/snapshot/get`, this.homeAssistantStatus];
  }

  /** The camera and command a received topic names, or null for any other topic. */
  command(topic: string): { camera: string; command: Command } | null {
    if (!topic.startsWith(`${this.prefix}/`)) return null;
    const m = /^([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/(recording\/set|snapshot\/get)$/.exec(topic.slice(this.prefix.length + 1));
    return m ? { camera: m[1]!, command: m[2] === 'recording/set' ? 'recording' : 'snapshot' } : null;
  }

  /** Every retained topic of a camera, cleared (an empty retained message) when the camera goes. */
  retained(camera: string): string[] {
    return [this.state(camera), this.fps(camera), this.motion(camera), this.recording(camera), this.recordingMode(camera), this.snapshot(camera)];
  }
}
