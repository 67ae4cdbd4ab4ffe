/** `dashboard`: the built Live Monitor's files and the browser camera page (http/dashboard.ts); last in the table, after every module's routes. */
import { serveDashboard } from '../http/dashboard.js';
import type { Attached, Module } from '../modules/module.js';

declare module '../modules/module.js' {
  interface Provided {
    dashboard: Attached;
  }
}

export const dashboard: Module<'dashboard'> = {
  name: 'dashboard',
  attach(ctx) {
    serveDashboard(ctx.app);
    return { close() {} };
  },
};
