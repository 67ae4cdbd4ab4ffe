/**
 * `npm run bench:profile [-- <viewers> [polling|webrtc|h264]]`: one fan-out run per system with a CPU
 * profile of the server over the measured window, and the top frames by self time. `webrtc` runs
 * the webrtc row (Socket.IO window, then data-channel window) and profiles its viewers too.
 * `ipcam` profiles the relay with one IP camera recorded by copy, then with its sub stream as a plain
 * JPEG camera (#29's relay row). `h264` profiles camrelay's JPEG row, then its live H.264 row (#56's CPU per unit
 * against per frame). Profiles land in bench/results/.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRtspCamera } from '../test/helpers/rtsp-camera.js';
import { measure } from './ipcam-rows.js';
import { runLoad } from './lib/load.js';
import { byLayer, topFrames } from './lib/profile-summary.js';
import { runWebrtcLoad } from './lib/webrtc-load.js';
import type { SystemName } from './systems/system.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
await mkdir(dir, { recursive: true });
process.env.BENCH_PROFILE = dir;
const ipcam = process.argv[2] === 'ipcam';
const viewers = ipcam ? 1 : Number(process.argv[2] ?? 50);
const h264 = process.argv[3] === 'h264';
const link = process.argv[3] === 'polling' || process.argv[3] === 'webrtc' ? process.argv[3] : 'websocket';
const top = async (file: string) => (await topFrames(path.join(dir, `${file}.cpuprofile`), ipcam ? 30 : 15)).join('\n');

if (ipcam) {
  const cam = await startRtspCamera({ fps: 10, gop: 20 });
  try {
    for (const record of [true, false]) {
      const c = await measure(cam, 1, record);
      const file = `ipcam-${record ? 'record' : 'jpeg'}-1`;
      // The profiler's own sampling is in these figures: compare them with each other, not with the bench's.
      console.log(
        `\n## camrelay, 1 IP camera ${record ? 'recorded by copy' : 'as a JPEG camera'} + 1 viewer: relay ${c.relayPct.toFixed(1)}% of a core (Node ${c.relayNodePct.toFixed(1)}%), ${c.framesAtViewer} frames at the viewer, ${c.recordedKept} recorded\n`,
      );
      console.log(`${await top(file)}\n\nby layer:\n${(await byLayer(path.join(dir, `${file}.cpuprofile`))).join('\n')}\n`);
    }
  } finally {
    await cam.stop();
  }
} else if (link === 'webrtc') {
  const r = await runWebrtcLoad({ viewers, fps: 30, warmupMs: 1500, measureMs: 6000 });
  for (const [name, result, stem] of [
    ['socketio (websocket)', r.websocket, 'webrtc-socketio'],
    ['webrtc', r.webrtc, 'webrtc'],
  ] as const) {
    const l = result.latency;
    console.log(
      `\n## camrelay, ${viewers} viewers on ${name} (same run): ${result.fpsPerViewer.toFixed(1)} fps, p50 ${l.p50} / p99 ${l.p99} ms, ${result.cpuMsPerFrame.toFixed(3)} ms CPU per delivered frame\n`,
    );
    for (const [who, file] of [
      ['server', `camrelay-${viewers}${stem}`],
      [`viewer process 1 (${Math.ceil(viewers / 2)} of the viewers)`, `camrelay-${viewers}${stem}-viewers1`],
    ] as const) {
      console.log(`### ${who}\n\n${await top(file)}\n\nby layer:\n${(await byLayer(path.join(dir, `${file}.cpuprofile`))).join('\n')}\n`);
    }
  }
} else if (h264) {
  for (const unit of [false, true]) {
    const r = await runLoad({ system: 'camrelay', viewers, link, cameras: 1, fps: 30, warmupMs: 2500, measureMs: 6000, h264: unit });
    const file = `camrelay-${viewers}${link}${unit ? '-h264' : ''}`;
    console.log(
      `\n## camrelay, ${viewers} viewers, ${unit ? 'live H.264' : 'JPEG'}: ${r.cpuMsPerFrame.toFixed(3)} ms CPU per delivered ${unit ? 'unit' : 'frame'}\n`,
    );
    console.log(`${await top(file)}\n\nby layer:\n${(await byLayer(path.join(dir, `${file}.cpuprofile`))).join('\n')}\n`);
  }
} else {
  // On WebSocket naive Socket.IO too: #56's fan-out target is camrelay's CPU per frame against it.
  const systems: SystemName[] = link === 'polling' ? ['naive-socketio', 'camrelay'] : ['raw-ws', 'naive-socketio', 'camrelay'];
  for (const system of systems) {
    const r = await runLoad({ system, viewers, link, cameras: 1, fps: 30, warmupMs: 1500, measureMs: 6000 });
    console.log(`\n## ${system}, ${viewers} ${link} viewers: ${r.cpuMsPerFrame.toFixed(3)} ms CPU per delivered frame\n`);
    console.log(await top(`${system}-${viewers}${link}`));
  }
}
process.exit(0);
