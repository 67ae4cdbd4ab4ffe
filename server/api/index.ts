/** `api`: the read-only REST every client uses, the camera list and each camera's snapshot (api.ts). */
import type { Attached, Module } from '../modules/module.js';
import { attachApi } from './api.js';

declare module '../modules/module.js' {
  interface Provided {
    api: Attached;
  }
}

export const api: Module<'api'> = {
  name: 'api',
  attach(ctx) {
    attachApi(ctx.app, ctx.relay, ctx.requireUser, ctx.requireCameraViewer, (id) => ctx.cameras.storedFrame(id));
    return { close() {} };
  },
};
