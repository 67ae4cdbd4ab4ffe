/** The Admin area's notifications (webhooks, MQTT) as the relay shows them: secrets never, only whether they are set. */
export const NOTIFY_EVENTS = ['start', 'end'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** What the relay shows for a secret that is set (a header's value, the MQTT password). */
export const SECRET_SET = '(set)';

/** Where a setting comes from: the config file (read-only here) or the Admin area. */
export type NotifySource = 'config' | 'admin';

export interface WebhookView {
  id: string;
  source: NotifySource;
  enabled: boolean;
  url: string;
  format: 'json' | 'ntfy';
  /** null: every camera. */
  cameras: string[] | null;
  events: NotifyEvent[];
  /** null: the rule hears motion (starts and ends); else each new object of these labels or groups (`person`, `vehicle`). */
  labels: string[] | null;
  /** null: objects anywhere; else only those seen in one of these zones. */
  zones: string[] | null;
  /** With labels, when set: what the rule hears of them (`objects`, `loitering`, `left`; absent: objects). */
  alerts?: Array<'objects' | 'loitering' | 'left'>;
  /** With labels, when set: an object already told of is not told again when it moves after standing still. */
  newObjectsOnly?: boolean;
  /** Each header's name, its value shown as `(set)`. */
  headers: Record<string, typeof SECRET_SET>;
  /** An Admin area rule's revision, to send back with a change (docs/notifications.md); who saved it last and when, null when unknown. */
  revision?: string;
  savedBy?: string | null;
  savedAt?: number | null;
}

export interface MqttView {
  /** null: MQTT is set nowhere yet. */
  source: NotifySource | null;
  enabled: boolean;
  url: string;
  username: string | null;
  password: typeof SECRET_SET | null;
  topicPrefix: string;
  discoveryPrefix: string;
  allowCommands: boolean;
  cameras: string[] | null;
  events: NotifyEvent[];
  /** `connected`, `connecting: <why>`, or `off`. */
  status: string;
  /** The Admin area's settings: send `revision` back with a save (docs/notifications.md); who saved last and when, null when unknown. */
  revision?: string;
  savedBy?: string | null;
  savedAt?: number | null;
}

/** GET /api/admin/notifications. */
export interface NotificationSettings {
  webhooks: WebhookView[];
  mqtt: MqttView;
  /** The cameras the relay knows, for the switches. */
  cameras: string[];
}

/** A refused change: the stable code, the checker's sentence, and the form field it is about. */
export interface NotifyRefusal {
  ok: false;
  error: string;
  message: string;
  field: string | null;
}

/** POST .../test: what the test event came to, in words (`Delivered: 200 OK`). */
export interface TestOutcome {
  ok: true;
  delivered: boolean;
  outcome: string;
}
