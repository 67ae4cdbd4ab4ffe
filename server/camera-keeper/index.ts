/**
 * `camera-keeper`: the cameras kept across restarts (cameras.json, each camera's last picture), fed
 * by the core's camera list; the others reach it as `ctx.cameras`. The relay asks its store whether
 * to keep an offline camera: a saved camera is never forgotten by time, only by an admin's delete.
 */
import path from 'node:path';
import type { Attached, Module } from '../modules/module.js';
import { CameraKeeper } from './camera-keeper.js';
import { CameraStore } from './camera-store.js';
import { FrameFiles } from './frame-files.js';

declare module '../modules/module.js' {
  interface Provided {
    'camera-keeper': Attached & { keeper: CameraKeeper; store: CameraStore };
  }
}

export const cameraKeeper: Module<'camera-keeper'> = {
  name: 'camera-keeper',
  always: true,
  attach(ctx) {
    const { dataDir, maxCameras } = ctx.config;
    const store = new CameraStore(dataDir, { maxCameras, onError: (err) => ctx.log.warn({ err: err.message }, 'camera list not saved') });
    const frames = new FrameFiles(path.join(dataDir, 'cameras'), { onError: (err) => ctx.log.warn({ err: err.message }, 'last frame not saved') });
    const keeper = new CameraKeeper(ctx.relay, store, frames);
    store.watch();
    return { keeper, store, close: () => keeper.close() };
  },
};
