/**
 * `webrtc`: the optional upgrade (docs/webrtc.md). It rides whatever carries signaling: each
 * viewer and capture connection announced on the signaling hub gets the upgrade's handlers.
 */
import type { Attached, Module } from '../../modules/module.js';
import { describeIceServers } from './ice-servers.js';
import { ingestLeg } from './ingest-leg.js';
import { webrtcMetrics } from './metrics.js';
import { webrtcSettings, type WebrtcSettings } from './settings.js';
import { attachSignaling, WebrtcHub } from './signaling.js';
import { viewerLeg } from './viewer-leg.js';

export interface WebrtcAttached extends Attached {
  /** Live peers and why upgrades ended. */
  hub: WebrtcHub;
}

declare module '../../modules/module.js' {
  interface Provided {
    webrtc: WebrtcAttached;
  }
}

export const webrtc: Module<'webrtc', WebrtcSettings> & { settings: typeof webrtcSettings } = {
  name: 'webrtc',
  // Its signaling rides Socket.IO connections; the hub hears of them from the socketio module.
  needs: ['signaling', 'socketio'],
  settings: webrtcSettings,
  attach(ctx) {
    const log = ctx.log.child({ module: 'camrelay:webrtc' });
    const hub = new WebrtcHub(ctx.config, log);
    if (ctx.config.webrtc !== 'off') log.info({ mode: ctx.config.webrtc, iceServers: describeIceServers(ctx.config.iceServers) }, 'webrtc upgrade available');
    ctx.signaling.onViewer((v) => attachSignaling(v.peer, hub, viewerLeg(v, hub)));
    ctx.signaling.onIngest((i) => attachSignaling(i.peer, hub, ingestLeg(i, hub, ctx.relay)));
    return {
      hub,
      metrics: (registry) => webrtcMetrics(registry, hub),
      close: () => hub.close(),
    };
  },
};
