/**
 * `camera-admin`: the admin's changes to the camera list (name, group, order, delete), and a
 * delete's choice to keep or remove the camera's recordings, through recording's manager.
 */
import type { Attached, Module } from '../modules/module.js';
import { attachCameraAdmin } from './camera-admin.js';

declare module '../modules/module.js' {
  interface Provided {
    'camera-admin': Attached;
  }
}

export const cameraAdmin: Module<'camera-admin'> = {
  name: 'camera-admin',
  // A delete counts and removes the camera's recordings through recording's manager, when recording is on.
  attach(ctx) {
    attachCameraAdmin(ctx.app, ctx.cameras, ctx.relay, ctx.store, ctx.requireUser, ctx.httpAuth, ctx.provided.get('recording')?.manager ?? null);
    return { close() {} };
  },
};
