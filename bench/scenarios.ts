/** The benchmark's scenarios, each a list of rows; --quick runs a reduced set. */
import { runLoad, type LoadResult, type LoadSpec } from './lib/load.js';
import { runWebrtcLoad } from './lib/webrtc-load.js';
import { ACKED_NAIVE, SYSTEMS, type SystemName } from './systems/system.js';

export interface Row {
  scenario: string;
  system: SystemName;
  spec: LoadSpec;
  result: LoadResult;
}

/** The webrtc rows come in pairs (the Socket.IO window and the data-channel window of one run) and get a table of their own. */
export const isWebrtcRow = (r: Row): boolean => r.scenario.startsWith('webrtc ');

const BASE = { link: 'websocket', cameras: 1, fps: 30, warmupMs: 500 } as const;
/** 720p fixtures average ~142 KB: 10% of a 30 fps stream is about 425 KB/s. */
const SLOW_BYTES_PER_SECOND = 425_000;

/**
 * The full set fits in 5 minutes on the 2-core CI machine; `--quick` (under a minute) keeps the
 * fan-out baselines and runs every other scenario for camrelay alone, against its own fan-out row.
 */
export function plan(quick: boolean): Array<{ scenario: string; system: SystemName; spec: LoadSpec }> {
  // 2.5 s in the full run too since #28's rows joined it (3 s before), to keep it within 330 s.
  const measureMs = 2500;
  const rows: Array<{ scenario: string; system: SystemName; spec: LoadSpec }> = [];
  const add = (scenario: string, systems: readonly SystemName[], spec: Partial<LoadSpec>) => {
    for (const system of systems) rows.push({ scenario, system, spec: { ...BASE, viewers: 1, measureMs, ...spec, system } });
  };
  const others = (systems: readonly SystemName[]) => (quick ? systems.filter((s) => s === 'camrelay') : systems);
  for (const viewers of quick ? [10] : [1, 10, 50]) add(`fan-out ${viewers} ws`, viewers === 50 ? [...SYSTEMS, ACKED_NAIVE] : SYSTEMS, { viewers });
  // #38: the same fan-out as live H.264 (the camera side's units of the same fixtures), camrelay's CPU per unit against
  // its CPU per JPEG frame above. 2.5 s of warm-up: the stream starts at a keyframe the relay asks for.
  for (const viewers of quick ? [10] : [50]) add(`fan-out ${viewers} ws h264`, ['camrelay'], { viewers, h264: true, warmupMs: 2500 });
  add('slow viewer (10 + 1 at 10%)', others(SYSTEMS), { viewers: 10, slowBytesPerSecond: SLOW_BYTES_PER_SECOND });
  add('frozen viewer (10 + 1 SIGSTOP)', others(['naive-socketio', 'camrelay']), {
    viewers: 10,
    freezeMs: quick ? 3000 : 4000,
    measureMs: quick ? 5000 : 7000,
  });
  // 10 viewers only: the 1-viewer polling row said the same at 10 s of the full run's 330 (#28's rows joined it).
  for (const viewers of [10]) add(`fan-out ${viewers} polling`, others(['naive-socketio', 'camrelay']), { viewers, link: 'polling' });
  if (!quick) add('16 cameras × 10 fps, 5 viewers', SYSTEMS, { viewers: 5, cameras: 16, fps: 10 });
  // Two windows per run (Socket.IO, then WebRTC); shorter ones keep the full run under 5 minutes.
  if (!quick) for (const viewers of [5]) add(`webrtc ${viewers}`, ['camrelay'], { viewers, link: 'webrtc', warmupMs: 500, measureMs: 2500 });
  return rows;
}

export async function runPlan(items: ReturnType<typeof plan>, log: (m: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  for (const item of items) {
    log(`  ${item.scenario} · ${item.system}…`);
    if (item.spec.link !== 'webrtc') {
      rows.push({ ...item, result: await runLoad(item.spec) });
      continue;
    }
    // One run, two rows: the same viewers on Socket.IO (websocket), then on WebRTC.
    const r = await runWebrtcLoad(item.spec);
    rows.push({ ...item, scenario: `${item.scenario}: socketio`, spec: { ...item.spec, link: 'websocket' }, result: r.websocket });
    rows.push({ ...item, scenario: `${item.scenario}: webrtc`, result: r.webrtc });
  }
  return rows;
}
