/**
 * `signaling`: the hub where a transport that can carry signaling (socketio) announces each
 * signed-in connection and the webrtc upgrade hears of them (modules/signaling.ts): neither knows the other.
 */
import type { Attached, Module } from '../modules/module.js';
import { SignalingHub } from '../modules/signaling.js';

declare module '../modules/module.js' {
  interface Provided {
    signaling: Attached & { hub: SignalingHub };
  }
}

export const signaling: Module<'signaling'> = {
  name: 'signaling',
  // socketio and webrtc reach it as `ctx.signaling`.
  always: true,
  attach: () => ({ hub: new SignalingHub(), close() {} }),
};
