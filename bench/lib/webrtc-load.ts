/**
 * The WebRTC leg beside the Socket.IO websocket path, in one run: one camrelay process, one
 * publisher, the same frames, the same N viewers. They are measured on Socket.IO (websocket) first,
 * then switched to WebRTC with the dashboard's toggle and measured again. Each window has one path
 * only, so the server CPU per delivered frame is that path's own.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sampleServer, stopRun, until, untilConnected, viewerSplit, type LoadResult, type ServerStats, type Tally } from './load.js';
import { procGroup, type Proc } from './proc.js';
import { summarize } from './stats.js';
import type { UpgradeTimes } from './webrtc-viewer.js';

export interface WebrtcRunSpec {
  viewers: number;
  fps: number;
  warmupMs: number;
  measureMs: number;
}

const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);

/** One measured window: the server's CPU and memory, and what the viewers received. */
async function measure(server: Proc, viewers: Proc[], spec: WebrtcRunSpec, profileName: string): Promise<{ result: LoadResult; tallies: Tally[] }> {
  await Promise.all(viewers.map((p) => p.ask('reset')));
  // BENCH_PROFILE=<dir>: the server and, here, the viewer processes too (werift is JS at both ends).
  // Files: <profileName>.cpuprofile for the server, <profileName>-viewers<i>.cpuprofile for viewer process i.
  const dir = process.env.BENCH_PROFILE;
  const profiled = dir ? [server, ...viewers] : [];
  await Promise.all(profiled.map((p) => p.ask('profile-start')));
  const viewerCpu = async () => sum((await Promise.all(viewers.map((p) => p.ask<{ cpuMs: number }>('stats')))).map((r) => r.cpuMs));
  const viewerBefore = await viewerCpu();
  const before = await server.ask<ServerStats>('stats');
  const sampler = sampleServer(server, before);
  const started = Date.now();
  await sleep(spec.measureMs);
  const elapsed = (Date.now() - started) / 1000;
  const { heldMax, rssMax } = sampler.stop();
  const after = await server.ask<ServerStats>('stats');
  const viewerAfter = await viewerCpu();
  await Promise.all(profiled.map((p, i) => p.ask('profile-stop', { file: `${dir}/${profileName}${i === 0 ? '' : `-viewers${i}`}.cpuprofile` })));
  const tallies = (await Promise.all(viewers.map((p) => p.ask<{ tallies: Tally[] }>('report')))).flatMap((r) => r.tallies);
  const delivered = sum(tallies.map((t) => t.frames + (t.socketioFrames ?? 0)));
  const result: LoadResult = {
    fpsPerViewer: sum(tallies.map((t) => t.frames)) / tallies.length / elapsed,
    mbPerSec: sum(tallies.map((t) => t.bytes)) / elapsed / 1e6,
    latency: summarize(tallies.flatMap((t) => t.latencies)),
    cpuMsPerFrame: (after.cpuMs - before.cpuMs) / Math.max(1, delivered),
    rssGrowthMB: (rssMax - before.rss) / 1e6,
    heldMax,
    serverToViewer: summarize(tallies.flatMap((t) => t.toViewer ?? [])),
    // One event loop runs every peer's SCTP and DTLS: near 100% it is the limit, whatever the cores.
    serverCpuPct: (after.cpuMs - before.cpuMs) / elapsed / 10,
    viewerCpuMsPerFrame: (viewerAfter - viewerBefore) / Math.max(1, delivered),
  };
  return { result, tallies };
}

/** Runs both windows; the webrtc result carries the upgrade times and any Socket.IO frames it still got. */
export async function runWebrtcLoad(spec: WebrtcRunSpec): Promise<{ websocket: LoadResult; webrtc: LoadResult }> {
  const { spawn, killAll } = procGroup();
  try {
    const server = spawn('server-proc.ts', []);
    const { port } = await server.ask<{ port: number }>('start', { system: 'camrelay', webrtc: true });
    // As in the other rows, viewers in up to two processes; they start alongside the publisher (tsx start-up is slow).
    const viewers = viewerSplit(spec.viewers).map((n) => spawn('viewer-proc.ts', ['camrelay', port, n, 'webrtc', 0]));
    const publisher = spawn('publisher-proc.ts', ['camrelay', port, 1, spec.fps]);
    await Promise.all([publisher, ...viewers].map((p) => p.ready));
    await publisher.ask('start');
    await untilConnected(viewers, spec.viewers);
    await sleep(spec.warmupMs);
    const websocket = (await measure(server, viewers, spec, `camrelay-${spec.viewers}webrtc-socketio`)).result;

    const upgrades = async () => (await Promise.all(viewers.map((p) => p.ask<{ upgrades: UpgradeTimes[] }>('upgrades')))).flatMap((r) => r.upgrades);
    await Promise.all(viewers.map((p) => p.ask('upgrade')));
    // A viewer that never gets a data-channel frame is not an error here: it shows in the figures.
    await until(async () => (await upgrades()).every((u) => u.firstFrameMs !== null), 'the first data-channel frames').catch(() => {});
    await sleep(spec.warmupMs);
    const measured = await measure(server, viewers, spec, `camrelay-${spec.viewers}webrtc`);
    const times = await upgrades();
    const webrtc: LoadResult = {
      ...measured.result,
      webrtc: {
        upgrades: times,
        firstFrameMs: summarize(times.flatMap((u) => (u.firstFrameMs === null ? [] : [u.firstFrameMs]))),
        chunkSpanMs: summarize(measured.tallies.flatMap((t) => t.chunkSpans ?? [])),
        socketioFrames: sum(measured.tallies.map((t) => t.socketioFrames ?? 0)),
        incompleteFrames: sum(measured.tallies.map((t) => t.incompleteFrames ?? 0)),
      },
    };

    await stopRun(publisher, viewers, server);
    return { websocket, webrtc };
  } finally {
    await killAll();
  }
}
