/**
 * Every module the server runs, one line each, attached in this order (a module's `needs` must
 * come before it; checked at start) and closed in reverse. The core never imports them: the core is
 * the relay, the config, the log, Express and the HTTP server (start-server.ts), and every part
 * else is a line here.
 */
import { api } from './api/index.js';
import { auth } from './auth/index.js';
import { cameraKeeper } from './camera-keeper/index.js';
import { captureServer } from './capture-server/index.js';
import { dashboard } from './dashboard/index.js';
import { health } from './health/index.js';
import { logRing } from './log-ring/index.js';
import { metrics } from './metrics/index.js';
import { originCheck } from './origin-check/index.js';
import { signaling } from './signaling/index.js';
import { cameraAdmin } from './camera-admin/index.js';
import { cluster } from './cluster/index.js';
import { detection } from './detection/index.js';
import { downloads } from './downloads/index.js';
import { events } from './events/index.js';
import { recording } from './recording/index.js';
import { review } from './review/index.js';
import { ipCameras } from './ip-cameras/index.js';
import { mqtt } from './mqtt/index.js';
import { notifications } from './notifications/index.js';
import { offsite } from './offsite/index.js';
import { plates } from './plates/index.js';
import { faces } from './faces/index.js';
import { push } from './push/index.js';
import { setup } from './setup/index.js';
import { streams } from './streams/index.js';
import { system } from './system/index.js';
import { frameFetch } from './transports/frame-fetch/index.js';
import { http } from './transports/http/index.js';
import { mjpeg } from './transports/mjpeg/index.js';
import { socketio } from './transports/socketio/index.js';
import { webrtc } from './transports/webrtc/index.js';
import type { TableLine } from './modules/module.js';

export const modules: readonly TableLine[] = [
  // First: it hears the warnings and errors of every module after it.
  logRing,
  // Before every route: requests from an origin this relay does not serve are refused first.
  originCheck,
  health,
  auth,
  cameraKeeper,
  // Before the modules whose series it registers as they are attached.
  metrics,
  captureServer,
  signaling,
  api,
  frameFetch,
  socketio,
  http,
  mjpeg,
  webrtc,
  cluster,
  // Before recording, so closed after it: the relay's own cameras are stopped once their open
  // segments have ended as `relay-down`, not before (their leaving would end them as `camera-offline`).
  ipCameras,
  recording,
  // After recording, whose event log writes the events; before every module that hears them.
  events,
  // After recording (motion wakes it) and events (objects join the event under way), before the modules that tell of objects.
  detection,
  // After detection (whose settings say which cameras read plates and faces), before the modules that tell of events.
  plates,
  faces,
  review,
  // Before camera-admin: a camera it deletes takes its stream tokens with it.
  streams,
  cameraAdmin,
  downloads,
  mqtt,
  offsite,
  notifications,
  push,
  // After the others: the first-run checklist's status reads the stores of the modules above.
  setup,
  // After the others: its diagnostics bundle reads what they offer (recording, ip-cameras, mqtt's config).
  system,
  // Last: the dashboard's files, after every module's routes.
  dashboard,
];

/** Settings sections of the modules that have one, merged into the server's config (config.ts). */
export const moduleSettings = [
  socketio.settings,
  webrtc.settings,
  cluster.settings,
  recording.settings,
  detection.settings,
  streams.settings,
  mqtt.settings,
  offsite.settings,
] as const;

/** Null, or why this table cannot run: a module whose `needs` are missing or come after it. */
export function tableProblem(table: readonly TableLine[]): string | null {
  const seen = new Set<string>();
  for (const m of table) {
    if (seen.has(m.name)) return `The module "${m.name}" is in the table twice.`;
    for (const need of m.needs ?? []) if (!seen.has(need)) return `The module "${m.name}" needs "${need}" before it in the table.`;
    seen.add(m.name);
  }
  return null;
}

/** The table less the modules `off` names (CAMRELAY_MODULES_OFF), or why that cannot run: a name no line has, or a module left that needs one switched off. */
export function tableWithout(table: readonly TableLine[], off: readonly string[]): { table: readonly TableLine[]; problem: string | null } {
  const names = table.map((m) => m.name as string);
  const unknown = off.find((name) => !names.includes(name));
  if (unknown !== undefined) return { table, problem: `CAMRELAY_MODULES_OFF names "${unknown}", which is not a module: use some of ${names.join(', ')}.` };
  const always = table.find((m) => m.always && off.includes(m.name));
  if (always)
    return { table, problem: `CAMRELAY_MODULES_OFF names "${always.name}", which every relay runs: the other modules reach it through their context.` };
  const left = table.filter((m) => !off.includes(m.name));
  for (const m of left) {
    const gone = (m.needs ?? []).find((need) => off.includes(need));
    if (gone !== undefined)
      return { table: left, problem: `CAMRELAY_MODULES_OFF switches "${gone}" off, which "${m.name}" needs: switch "${m.name}" off too.` };
  }
  return { table: left, problem: tableProblem(left) };
}
