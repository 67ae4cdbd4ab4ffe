/** Runs one system under test in its own process, so its CPU and memory are its own. */
import { childrenCpuMs } from './lib/child-cpu.js';
import { serve } from './lib/proc.js';
import { startProfile, stopProfile } from './lib/profiler.js';
import { startCamrelay } from './systems/camrelay.js';
import { startNaiveSocketio } from './systems/naive-socketio.js';
import { startRawWs } from './systems/raw-ws.js';
import type { RunningSystem, StartOptions, SystemName } from './systems/system.js';

const starters: Record<SystemName, (opts: StartOptions) => Promise<RunningSystem>> = {
  'raw-ws': startRawWs,
  'naive-socketio': () => startNaiveSocketio(),
  'naive-socketio-ack': () => startNaiveSocketio(true),
  camrelay: startCamrelay,
};
let system: RunningSystem | null = null;

serve({
  async start(m) {
    system = await starters[m.system as SystemName]({
      redisUrl: typeof m.redisUrl === 'string' ? m.redisUrl : undefined,
      webrtc: m.webrtc === true,
      record: m.record === true,
    });
    return { port: system.port };
  },
  'profile-start': async () => (await startProfile(), {}),
  'profile-stop': async (m) => (await stopProfile(String(m.file)), {}),
  stats() {
    const cpu = process.cpuUsage();
    return {
      cpuMs: (cpu.user + cpu.system) / 1000,
      childCpuMs: childrenCpuMs(),
      rss: process.memoryUsage().rss,
      heldMax: system?.heldMax() ?? 0,
      recorded: system?.recorded?.(),
    };
  },
  async stop() {
    await system?.close();
    // Exit on our own (not by SIGKILL) so that a --cpu-prof profile gets written.
    setTimeout(() => process.exit(0), 50);
    return {};
  },
});
