/** Renders the benchmark's rows as markdown: one table of figures, one of the targets, one for the WebRTC leg. */
import type { BrowserResult } from './browser.js';
import { browserChecks, browserFigures, type Check } from './report-browser.js';
import type { ClusterResult } from './cluster.js';
import { isWebrtcRow, type Row } from './scenarios.js';

const f = (n: number | undefined, d = 1) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(d));

function find(rows: Row[], scenario: string, system: string): Row | undefined {
  return rows.find((r) => r.scenario === scenario && r.system === system);
}

function figures(rows: Row[]): string[] {
  const out = [
    '| scenario | system | fps/viewer | fresh fps/viewer (≤ 250 ms) | MB/s | p50 ms | p95 ms | p99 ms | server CPU ms/frame | RSS +MB | held/viewer | vs raw-ws (MB/s, CPU) | slow/frozen viewer |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows.filter((x) => !isWebrtcRow(x))) {
    const base = find(rows, r.scenario, 'raw-ws');
    const vs =
      base && r.system !== 'raw-ws' ? `${f(r.result.mbPerSec / base.result.mbPerSec, 2)}×, ${f(r.result.cpuMsPerFrame / base.result.cpuMsPerFrame, 2)}×` : '';
    const s = r.result.special;
    let special = '';
    if (s?.afterResume)
      special = `resume: ${s.afterResume.map((e) => `#${e.seq} (${e.ageMs} ms old)`).join(', ')}; newest at resume #${s.newestAtResume}; ${s.framesFirstSecond} frames in its first second`;
    else if (s) special = `${f(s.fps)} fps`;
    const l = r.result.latency;
    out.push(
      `| ${r.scenario} | ${r.system} | ${f(r.result.fpsPerViewer)} | ${f(r.result.freshFpsPerViewer)} | ${f(r.result.mbPerSec)} | ${l.p50} | ${l.p95} | ${l.p99} | ${f(r.result.cpuMsPerFrame, 3)} | ${f(r.result.rssGrowthMB)} | ${f(r.result.heldMax, 1)} | ${vs} | ${special} |`,
    );
  }
  return out;
}

function checks(rows: Row[], browser: BrowserResult[]): Check[] {
  const c: Check[] = [];
  const cam = (s: string) => find(rows, s, 'camrelay')?.result;
  const raw = (s: string) => find(rows, s, 'raw-ws')?.result;
  const naive = (s: string) => find(rows, s, 'naive-socketio')?.result;
  for (const v of [10, 50]) {
    const a = cam(`fan-out ${v} ws`);
    const b = raw(`fan-out ${v} ws`);
    const n = naive(`fan-out ${v} ws`);
    if (!a || !b) continue;
    c.push({ target: `fan-out ${v}: MB/s ≥ 0.8× raw-ws`, measured: `${f(a.mbPerSec / b.mbPerSec, 2)}×`, pass: a.mbPerSec >= 0.8 * b.mbPerSec });
    // #17 withdrew "CPU ≤ 1.25× raw ws" (Socket.IO's wire compatibility is worth its cost; the ratio
    // stays in the figures table): camrelay's CPU is held to naive Socket.IO's in the same run.
    if (n)
      c.push({
        target: `fan-out ${v}: CPU/frame ≤ 1.5× naive Socket.IO`,
        measured: `${f(a.cpuMsPerFrame / n.cpuMsPerFrame, 2)}×`,
        pass: a.cpuMsPerFrame <= 1.5 * n.cpuMsPerFrame,
      });
    // Told, not a target: the same against naive Socket.IO whose publisher and viewers ack each frame, as camrelay's do.
    const k = find(rows, `fan-out ${v} ws`, 'naive-socketio-ack')?.result;
    if (k && n)
      c.push({
        target: `fan-out ${v}: CPU/frame ÷ naive Socket.IO that acks (told)`,
        measured: `${f(a.cpuMsPerFrame / k.cpuMsPerFrame, 2)}× (the acks cost naive ${f(k.cpuMsPerFrame / n.cpuMsPerFrame, 2)}× its CPU)`,
        pass: true,
      });
  }
  for (const v of [10, 50]) {
    const h = cam(`fan-out ${v} ws h264`);
    const j = cam(`fan-out ${v} ws`);
    if (!h || !j) continue;
    c.push({
      target: `live H.264 to ${v} viewers: relay CPU per unit ≤ 1.1× per JPEG frame`,
      measured: `${f(h.cpuMsPerFrame / j.cpuMsPerFrame, 2)}× (${f(h.cpuMsPerFrame, 3)} vs ${f(j.cpuMsPerFrame, 3)} ms)`,
      pass: h.cpuMsPerFrame <= 1.1 * j.cpuMsPerFrame,
    });
  }
  const l50 = cam('fan-out 50 ws');
  const r50 = raw('fan-out 50 ws');
  if (l50 && r50) {
    c.push({
      target: '30 fps / 50 viewers: p50 ≤ 33 ms, p99 ≤ 66 ms',
      measured: `p50 ${l50.latency.p50}, p99 ${l50.latency.p99}`,
      pass: l50.latency.p50 <= 33 && l50.latency.p99 <= 66,
    });
    c.push({
      target: '30 fps / 50 viewers: p99 ≤ 1.5× raw-ws p99',
      measured: `${f(l50.latency.p99 / r50.latency.p99, 2)}× (${l50.latency.p99} vs ${r50.latency.p99} ms)`,
      pass: l50.latency.p99 <= 1.5 * r50.latency.p99,
    });
  }
  const alone = cam('fan-out 10 ws');
  for (const s of ['slow viewer (10 + 1 at 10%)', 'frozen viewer (10 + 1 SIGSTOP)']) {
    const r = cam(s);
    if (!r || !alone) continue;
    // p99 is compared with 2 ms of slack: it is read in whole milliseconds on a shared 2-core box.
    c.push({
      target: `${s}: healthy fps ≥ 0.95× and p99 ≤ 1/0.95× (+2 ms) of the run without it`,
      measured: `fps ${f(r.fpsPerViewer / alone.fpsPerViewer, 2)}×, p99 ${r.latency.p99} vs ${alone.latency.p99} ms`,
      pass: r.fpsPerViewer >= 0.95 * alone.fpsPerViewer && r.latency.p99 <= alone.latency.p99 / 0.95 + 2,
    });
    const naive = find(rows, s, 'naive-socketio')?.result;
    c.push({
      target: `${s}: server holds ≤ 2 frames for it`,
      measured: `camrelay ${f(r.heldMax)} (RSS +${f(r.rssGrowthMB)} MB); naive-socketio ${f(naive?.heldMax)} (RSS +${f(naive?.rssGrowthMB)} MB)`,
      pass: r.heldMax <= 2,
    });
  }
  const frozen = cam('frozen viewer (10 + 1 SIGSTOP)')?.special;
  if (frozen?.afterResume?.length) {
    const newest = frozen.afterResume.some((e) => e.seq >= (frozen.newestAtResume ?? 0));
    c.push({
      target: 'frozen viewer: jumps to the newest frame on resume, no backlog',
      measured: `frames after resume #${frozen.afterResume.map((e) => e.seq).join(', #')} (newest at resume #${frozen.newestAtResume}); ${frozen.framesFirstSecond} frames in its first second`,
      pass: newest && (frozen.framesFirstSecond ?? 99) <= 2 * 30,
    });
  }
  for (const v of [1, 10]) {
    const p = cam(`fan-out ${v} polling`);
    const w = cam(`fan-out ${v} ws`);
    if (!p || !w) continue;
    c.push({
      target: `polling ${v}: fps ≥ 0.8× websocket, CPU/frame ≤ 1.5× websocket`,
      measured: `fps ${f(p.fpsPerViewer / w.fpsPerViewer, 2)}×, CPU ${f(p.cpuMsPerFrame / w.cpuMsPerFrame, 2)}×`,
      pass: p.fpsPerViewer >= 0.8 * w.fpsPerViewer && p.cpuMsPerFrame <= 1.5 * w.cpuMsPerFrame,
    });
  }
  c.push(...browserChecks(browser));
  return c;
}

/** Same node against across Redis, and what one frame costs Redis. */
export function renderCluster(c: ClusterResult): string {
  const row = (name: string, l: ClusterResult['sameNode']) => `| ${name} | ${f(l.fps)} | ${l.latency.p50} | ${l.latency.p95} | ${l.latency.p99} |`;
  return [
    '| cluster (1 camera 30 fps on node A, 5 viewers on each node) | fps/viewer | p50 ms | p95 ms | p99 ms |',
    '|---|---|---|---|---|',
    row('viewers on node A (same node)', c.sameNode),
    row('viewers on node B (across Redis)', c.crossNode),
    '',
    `Redis per frame: ${f(c.redisBytesInPerFrame / 1000)} KB in, ${f(c.redisBytesOutPerFrame / 1000)} KB out (one interested node); ${c.publishes} PUBLISH for ${c.framesIn} frames (the rest are the nodes' camera-list announcements, 2 a second per node).`,
  ].join('\n');
}

const ms = (xs: Array<number | null>) => {
  const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  return v.length ? `${v[Math.floor((v.length - 1) / 2)]}` : '–';
};

/** Each webrtc run's two windows side by side, with the upgrade's steps (medians over the viewers). */
export function renderWebrtc(rows: Row[]): string {
  const out = [
    '| webrtc run (1 camera 720p 30 fps) | path | fps/viewer | MB/s | p50 ms | p95 ms | p99 ms | server → viewer p50 / p99 ms | server CPU ms/frame | server CPU % of a core | viewer CPU ms/frame | upgrade: ICE connected / channel open / first frame ms | notes |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows.filter(isWebrtcRow)) {
    const x = r.result;
    const w = x.webrtc;
    const up = w
      ? `${ms(w.upgrades.map((u) => u.iceConnectedMs))} / ${ms(w.upgrades.map((u) => u.channelOpenMs))} / ${ms(w.upgrades.map((u) => u.firstFrameMs))} (slowest ${f(w.firstFrameMs.p99, 0)})`
      : '';
    const ends = w?.upgrades.flatMap((u) => u.ends) ?? [];
    const notes = w
      ? `first chunk → frame p50 ${w.chunkSpanMs.p50}, p99 ${w.chunkSpanMs.p99} ms; ${w.incompleteFrames} incomplete; ${w.socketioFrames} by Socket.IO${ends.length ? `; fell back: ${ends.join(', ')}` : ''}`
      : '';
    const l = x.latency;
    out.push(
      `| ${r.spec.viewers} viewer${r.spec.viewers > 1 ? 's' : ''} | ${w ? 'webrtc (data channel)' : 'socketio (websocket)'} | ${f(x.fpsPerViewer)} | ${f(x.mbPerSec)} | ${l.p50} | ${l.p95} | ${l.p99} | ${x.serverToViewer?.p50 ?? '–'} / ${x.serverToViewer?.p99 ?? '–'} | ${f(x.cpuMsPerFrame, 3)} | ${f(x.serverCpuPct, 0)} | ${f(x.viewerCpuMsPerFrame, 3)} | ${up} | ${notes} |`,
    );
  }
  return out.length > 2 ? out.join('\n') : '';
}

export function renderReport(rows: Row[], browser: BrowserResult[]): string {
  const c = checks(rows, browser);
  const targets = [
    '| target | measured | |',
    '|---|---|---|',
    ...c.map((x) => `| ${x.target} | ${x.measured} | ${x.pass === null ? '' : x.pass ? 'met' : '**missed**'} |`),
  ];
  return [...figures(rows), '', ...(browser.length ? [...browserFigures(browser), ''] : []), ...targets].join('\n');
}
