/**
 * `log-ring`: the last warnings and errors of every module's log, kept small and without secrets for
 * the System section and the diagnostics bundle (log-ring.ts). It hears them on the core's log tap,
 * so it is first in the table and hears every module after it.
 */
import type { Attached, Module } from '../modules/module.js';
import { LogRing } from './log-ring.js';

declare module '../modules/module.js' {
  interface Provided {
    'log-ring': Attached & { ring: LogRing };
  }
}

export const logRing: Module<'log-ring'> = {
  name: 'log-ring',
  attach(ctx) {
    const ring = new LogRing();
    ctx.logTap.on((level, module, args) => ring.record(level, module, args));
    return { ring, close() {} };
  },
};
