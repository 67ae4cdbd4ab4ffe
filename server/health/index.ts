/** `health`: `GET /healthz` (the process answers) and `GET /readyz` (ready to take clients: listening, not stopping, Redis reachable in cluster mode). */
import { attachReadiness } from '../http/health.js';
import type { Attached, Module } from '../modules/module.js';

declare module '../modules/module.js' {
  interface Provided {
    health: Attached;
  }
}

export const health: Module<'health'> = {
  name: 'health',
  attach(ctx) {
    ctx.app.get('/healthz', (_req, res) => void res.json({ ok: true }));
    attachReadiness(ctx.app, ctx.readiness);
    return { close() {} };
  },
};
