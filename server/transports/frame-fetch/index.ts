/**
 * `frame-fetch`: frames for Socket.IO viewers on long-polling, each answering the viewer's own GET
 * (see frame-fetch.ts for why). A helper egress of `socketio`, which hands it the viewers that ask.
 */
import { FRAME_FETCH_PATH } from '../../../shared/protocol.js';
import type { Attached, Module } from '../../modules/module.js';
import type { SocketioSettings } from '../socketio/settings.js';
import { FRAME_FETCH_HOLD_MS, FrameFetch } from './frame-fetch.js';

export interface FrameFetchAttached extends Attached {
  frameFetch: FrameFetch;
}

declare module '../../modules/module.js' {
  interface Provided {
    'frame-fetch': FrameFetchAttached;
  }
}

// It has no section of its own: its hold time follows the heartbeat in socketio's section.
export const frameFetch: Module<'frame-fetch', Pick<SocketioSettings, 'pingTimeoutMs'>> = {
  name: 'frame-fetch',
  attach(ctx) {
    // A GET waits for a frame at most half the heartbeat timeout (see HOLD_MS for why it is short).
    const fetch = new FrameFetch(Math.min(FRAME_FETCH_HOLD_MS, Math.max(250, ctx.config.pingTimeoutMs / 2)));
    // Once per frame per viewer: served ahead of Express. The path is a capability, so the origin
    // check has nothing to protect; the headers that matter for an image are set by FrameFetch.
    ctx.fastRoutes.get(`${FRAME_FETCH_PATH}/`, (_req, res, rest) => fetch.serve(rest, res));
    return { frameFetch: fetch, close: () => fetch.close() };
  },
};
