/** `downloads`: the one-file capture program, served to camera PCs from the relay itself (downloads.ts). */
import type { Attached, Module } from '../modules/module.js';
import { serveDownloads } from './downloads.js';

declare module '../modules/module.js' {
  interface Provided {
    downloads: Attached;
  }
}

export const downloads: Module<'downloads'> = {
  name: 'downloads',
  attach(ctx) {
    serveDownloads(ctx.app);
    return { close() {} };
  },
};
