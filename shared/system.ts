/** What `GET /api/system` answers (#42 item 3): the relay's health at a glance, for the settings page's System section. */

/** One warning or error from the relay's log, shaped and bounded as the ring keeps it (no secrets). */
export interface RelayLogEntry {
  /** Epoch ms of the first of a run of the same entry. */
  time: number;
  /** Epoch ms of the last of that run. */
  lastTime: number;
  /** How many times it came in a row (a storm of one warning takes one line). */
  count: number;
  level: 'warn' | 'error' | 'fatal';
  /** The stable code: the entry's own `code`, else its fixed message as UPPER_SNAKE, else LOG_WARN / LOG_ERROR. */
  code: string;
  /** The logger's module (`camrelay:recording`), or null for the server's own. */
  module: string | null;
  message: string;
  /** Its fields, `key=value` joined, bounded; null when it had none. */
  detail: string | null;
}

/** "At today's rate, N days fit": what the recordings written lately say of the disk. */
export interface RetentionForecast {
  /** Bytes recorded per day, measured over the last 24 h of recordings (or what there is of them, 15 min at least); null when too little is recorded. */
  bytesPerDay: number | null;
  /** Days of recordings the recordings' space and the free space above the floor hold at that rate; null without a rate. */
  daysFit: number | null;
  /** The longest retention of a camera that records, in days; 0 when one keeps its recordings until the disk needs room; null when none records. */
  retentionDays: number | null;
  /** Free space the relay keeps: below it the oldest recordings go first (recording.minFreeMb). */
  floorBytes: number;
}

export interface SystemStatus {
  version: string;
  node: string;
  /** Seconds since the relay started. */
  uptimeS: number;
  /** The relay process's CPU over the last interval, in % of one core (200 = two cores busy), and that interval in ms. */
  cpu: { percent: number; overMs: number };
  /** The relay process's resident memory, and the machine's. */
  memory: { rssBytes: number; totalBytes: number };
  disk: {
    /** Bytes the recordings take, as of the last retention sweep. */
    recordingsBytes: number;
    /** Free and total bytes of the filesystem the recordings lie on; null when it cannot be read. */
    freeBytes: number | null;
    totalBytes: number | null;
    forecast: RetentionForecast;
  };
  /** Capture clients (cameras sending to this relay now) and viewers (Live Monitor connections). */
  clients: { capture: number; viewers: number };
  /** Recent warnings and errors, oldest first (at most LOG_RING_SIZE). */
  log: RelayLogEntry[];
}

/** Entries the log ring keeps. */
export const LOG_RING_SIZE = 50;
