/**
 * `npm run bench:profile`: one fan-out run per system with a CPU profile of the server over the
 * measured window, and the top frames by self time. Profiles land in bench/results/.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad } from './lib/load.js';
import { topFrames } from './lib/profile-summary.js';
import type { SystemName } from './systems/system.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
await mkdir(dir, { recursive: true });
process.env.BENCH_PROFILE = dir;
const viewers = Number(process.argv[2] ?? 50);
const link = process.argv[3] === 'polling' ? 'polling' : 'websocket';
const systems: SystemName[] = link === 'polling' ? ['naive-socketio', 'camrelay'] : ['raw-ws', 'camrelay'];
for (const system of systems) {
  const r = await runLoad({ system, viewers, link, cameras: 1, fps: 30, warmupMs: 1500, measureMs: 6000 });
  console.log(`\n## ${system}, ${viewers} ${link} viewers: ${r.cpuMsPerFrame.toFixed(3)} ms CPU per delivered frame\n`);
  console.log((await topFrames(path.join(dir, `${system}-${viewers}${link}.cpuprofile`), 15)).join('\n'));
}
