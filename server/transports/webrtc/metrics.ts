/** The webrtc transport's series: peers alive, and upgrades ended by reason (read at scrape time). */
import { Gauge, type Registry } from 'prom-client';
import type { WebrtcHub } from './signaling.js';

export function webrtcMetrics(registry: Registry, hub: Pick<WebrtcHub, 'peers' | 'abandoned'>): void {
  const registers = [registry];
  new Gauge({
    name: 'camrelay_webrtc_peers',
    help: 'WebRTC peers alive (upgrades trying or carrying frames).',
    registers,
    collect() {
      this.set(hub.peers);
    },
  });
  // A gauge fed from the hub's own count: it is monotonic, so rate() works on it as on a counter.
  new Gauge({
    name: 'camrelay_webrtc_upgrades_ended',
    help: 'WebRTC upgrades ended since start, by reason (ice-timeout, no-frames, closed…).',
    labelNames: ['reason'],
    registers,
    collect() {
      for (const [reason, n] of hub.abandoned) this.set({ reason }, n);
    },
  });
}
