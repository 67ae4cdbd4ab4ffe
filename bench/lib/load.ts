/** One load run: a server process, viewer processes and a publisher process, measured together. */
import { setTimeout as sleep } from 'node:timers/promises';
import { procGroup, type Proc } from './proc.js';
import { summarize } from './stats.js';
import type { SystemName } from '../systems/system.js';
import type { UpgradeTimes } from './webrtc-viewer.js';
import type { CameraSideCounts } from './camera-side.js';

export interface LoadSpec {
  system: SystemName;
  viewers: number;
  /** `webrtc`: viewers that upgrade over /monitor (bench/lib/webrtc-load.ts runs those rows). */
  link: 'websocket' | 'polling' | 'webrtc';
  cameras: number;
  fps: number;
  warmupMs: number;
  measureMs: number;
  /** One extra viewer, throttled to this many bytes/s. */
  slowBytesPerSecond?: number;
  /** One extra viewer, frozen (SIGSTOP) for this long in the middle of the run. */
  freezeMs?: number;
  /** camrelay records every camera continuously (H.264) while it serves the viewers. */
  record?: boolean;
  /** camrelay's cameras honour the relay's demand (H.264 for recording, JPEG rungs), as the capture client does (#28). */
  cameraSide?: boolean;
  /** camrelay's viewers ask every camera as live H.264 (its cameras honour the demand): a unit counts as a frame (#38). */
  h264?: boolean;
}

/** What a viewer process reports per viewer; the optional parts are filled by camrelay and webrtc viewers (viewer-proc.ts). */
export interface Tally {
  frames: number;
  bytes: number;
  latencies: number[];
  toViewer?: number[];
  chunkSpans?: number[];
  socketioFrames?: number;
  incompleteFrames?: number;
}
export interface ServerStats {
  cpuMs: number;
  /** Its children's (the recorder's encoders), while they run. */
  childCpuMs?: number;
  /** camrelay's recorders, all cameras. */
  recorded?: { kept: number; dropped: number };
  rss: number;
  heldMax: number;
}

/** Polls the server's stats every 250 ms over a measured window; `stop` gives the peaks seen. */
export function sampleServer(server: Proc, before: ServerStats): { stop(): { heldMax: number; rssMax: number } } {
  const peak = { heldMax: 0, rssMax: before.rss };
  const timer = setInterval(() => {
    server.ask<ServerStats>('stats').then(
      (s) => {
        peak.heldMax = Math.max(peak.heldMax, s.heldMax);
        peak.rssMax = Math.max(peak.rssMax, s.rss);
      },
      () => {},
    );
  }, 250);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/** A frame older than this when it arrives is not what a person watching calls live. */
export const FRESH_MS = 250;

export interface LoadResult {
  fpsPerViewer: number;
  /** Frames per viewer per second that arrived at most FRESH_MS after capture: what a person watching gets. */
  freshFpsPerViewer?: number;
  mbPerSec: number;
  latency: { p50: number; p95: number; p99: number; n: number };
  cpuMsPerFrame: number;
  rssGrowthMB: number;
  heldMax: number;
  special?: { fps: number; afterResume?: Array<{ ageMs: number; seq: number }>; newestAtResume?: number; framesFirstSecond?: number };
  /** webrtc rows (both windows): server receipt → viewer receipt, the server's CPU as % of one core, the viewers' CPU per frame. */
  serverToViewer?: { p50: number; p95: number; p99: number; n: number };
  serverCpuPct?: number;
  viewerCpuMsPerFrame?: number;
  webrtc?: WebrtcLegFigures;
  /** Recording rows: the server's children (ffmpeg encoders) as % of one core over the window. */
  childCpuPct?: number;
  /** Recording rows: frames the recorders kept and dropped over the window. */
  recorded?: { kept: number; dropped: number };
  /** Camera-side rows: what the bench cameras sent of H.264 and rungs over the whole run, all cameras. */
  cameraSide?: CameraSideCounts;
}

/** The webrtc rows' own figures (latency and fps above count data-channel frames only). */
export interface WebrtcLegFigures {
  /** Per viewer, ms from the toggle to ICE connected, channel open and first data-channel frame. */
  upgrades: UpgradeTimes[];
  firstFrameMs: { p50: number; p95: number; p99: number; n: number };
  /** First chunk → whole frame at the viewer. */
  chunkSpanMs: { p50: number; p95: number; p99: number; n: number };
  /** Frames that came by Socket.IO during the measured window (0 once every viewer has switched). */
  socketioFrames: number;
  /** Frames begun but never completed at a viewer (a chunk lost: the channel does not retransmit). */
  incompleteFrames: number;
}

export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Viewers in up to two processes, so the receivers are not one event loop's limit. */
export function viewerSplit(viewers: number): number[] {
  return viewers > 1 ? [Math.ceil(viewers / 2), Math.floor(viewers / 2)] : [viewers];
}

/** Waits until the viewer processes report `total` viewers connected between them. */
export function untilConnected(viewers: Proc[], total: number): Promise<void> {
  return until(
    async () => (await Promise.all(viewers.map((p) => p.ask<{ connected: number }>('connected')))).reduce((a, r) => a + r.connected, 0) >= total,
    'viewers to connect',
  );
}

/**
 * Ends a run in order: the publisher, then the viewers (keep-alive polling connections would
 * otherwise hold the server's close open), then the server, which exits by itself so that a
 * --cpu-prof profile gets written (5 s at most; the process group kills what is left).
 */
export async function stopRun(publisher: Proc, viewers: Proc[], server: Proc): Promise<{ cameraSide?: CameraSideCounts[] }> {
  const stopped = await publisher.ask<{ cameraSide?: CameraSideCounts[] }>('stop');
  await Promise.all(viewers.map((p) => p.ask('stop').catch(() => {})));
  await server.ask('stop').catch(() => {});
  await Promise.race([new Promise((resolve) => (server.child.exitCode !== null ? resolve(null) : server.child.once('exit', resolve))), sleep(5000)]);
  return stopped;
}

/** The cameras' counts summed. */
function sumCounts(all: CameraSideCounts[]): CameraSideCounts {
  const sum: CameraSideCounts = { h264Sent: 0, h264Acked: 0, h264Refused: 0, h264Dropped: 0, rungsSent: 0 };
  for (const c of all) for (const k of Object.keys(sum) as Array<keyof CameraSideCounts>) sum[k] += c[k];
  return sum;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const { spawn, killAll } = procGroup();
  try {
    const server = spawn('server-proc.ts', []);
    const { port } = await server.ask<{ port: number }>('start', { system: spec.system, record: spec.record === true });
    const h264Cameras = spec.h264 ? spec.cameras : 0;
    const healthy = viewerSplit(spec.viewers).map((n) => spawn('viewer-proc.ts', [spec.system, port, n, spec.link, 0, h264Cameras]));
    const special =
      spec.slowBytesPerSecond || spec.freezeMs ? spawn('viewer-proc.ts', [spec.system, port, 1, spec.link, spec.slowBytesPerSecond ?? 0, h264Cameras]) : null;
    const viewerProcs = special ? [...healthy, special] : healthy;
    // The publisher starts alongside the viewers (it sends nothing until `start`): less waiting per row.
    const publisher = spawn('publisher-proc.ts', [spec.system, port, spec.cameras, spec.fps, ...(spec.cameraSide || spec.h264 ? ['camera-side'] : [])]);
    await Promise.all(viewerProcs.map((p) => p.ready));
    const total = spec.viewers + (special ? 1 : 0);
    await untilConnected(viewerProcs, total);
    await publisher.ready;
    await publisher.ask('start');
    await sleep(spec.warmupMs);

    await Promise.all(viewerProcs.map((p) => p.ask('reset')));
    // BENCH_PROFILE=<dir>: a CPU profile of the server over the measured window only.
    const profileDir = process.env.BENCH_PROFILE;
    if (profileDir) await server.ask('profile-start');
    const before = await server.ask<ServerStats>('stats');
    const sampler = sampleServer(server, before);
    let resumeAt = 0;
    let newestAtResume = 0;
    const started = Date.now();
    if (special && spec.freezeMs) {
      await sleep(1000);
      special.child.kill('SIGSTOP');
      await sleep(spec.freezeMs);
      newestAtResume = (await publisher.ask<{ seqs: number[] }>('seq')).seqs[0]!;
      resumeAt = Date.now();
      special.child.kill('SIGCONT');
    }
    await sleep(Math.max(0, spec.measureMs - (Date.now() - started)));
    const elapsed = (Date.now() - started) / 1000;
    const { heldMax, rssMax } = sampler.stop();
    const after = await server.ask<ServerStats>('stats');
    if (profileDir)
      await server.ask('profile-stop', { file: `${profileDir}/${spec.system}-${spec.viewers}${spec.link}${spec.h264 ? '-h264' : ''}.cpuprofile` });
    const reports = await Promise.all(healthy.map((p) => p.ask<{ tallies: Tally[] }>('report')));
    const tallies = reports.flatMap((r) => r.tallies);
    const specialReport = special ? await special.ask<{ tallies: Tally[]; timeline: Array<{ at: number; seq: number; capturedAt: number }> }>('report') : null;
    const stopped = await stopRun(publisher, viewerProcs, server);

    const frames = tallies.reduce((a, t) => a + t.frames, 0) + (specialReport?.tallies[0]?.frames ?? 0);
    const result: LoadResult = {
      fpsPerViewer: tallies.reduce((a, t) => a + t.frames, 0) / tallies.length / elapsed / spec.cameras,
      freshFpsPerViewer: tallies.reduce((a, t) => a + t.latencies.filter((ms) => ms <= FRESH_MS).length, 0) / tallies.length / elapsed / spec.cameras,
      mbPerSec: tallies.reduce((a, t) => a + t.bytes, 0) / elapsed / 1e6,
      latency: summarize(tallies.flatMap((t) => t.latencies)),
      cpuMsPerFrame: (after.cpuMs - before.cpuMs) / Math.max(1, frames),
      serverCpuPct: (after.cpuMs - before.cpuMs) / 10 / elapsed,
      ...(stopped.cameraSide ? { cameraSide: sumCounts(stopped.cameraSide) } : {}),
      ...(spec.record
        ? {
            childCpuPct: ((after.childCpuMs ?? 0) - (before.childCpuMs ?? 0)) / 10 / elapsed,
            recorded: {
              kept: (after.recorded?.kept ?? 0) - (before.recorded?.kept ?? 0),
              dropped: (after.recorded?.dropped ?? 0) - (before.recorded?.dropped ?? 0),
            },
          }
        : {}),
      rssGrowthMB: (rssMax - before.rss) / 1e6,
      heldMax,
    };
    if (specialReport) {
      const t = specialReport.tallies[0]!;
      result.special = { fps: t.frames / elapsed / spec.cameras };
      if (resumeAt) {
        const after = specialReport.timeline.filter((e) => e.at >= resumeAt);
        result.special.afterResume = after.slice(0, 3).map((e) => ({ ageMs: e.at - e.capturedAt, seq: e.seq }));
        result.special.newestAtResume = newestAtResume;
        result.special.framesFirstSecond = after.filter((e) => e.at < (after[0]?.at ?? 0) + 1000).length;
      }
    }
    return result;
  } finally {
    await killAll();
  }
}
