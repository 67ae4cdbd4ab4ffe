/**
 * `origin-check`: every request's Origin and Host checked against the addresses this relay serves
 * (auth/origin.ts), before any module's route; `POST /api/origin-check`, which the page asks at
 * load so a proxy misconfiguration shows as a banner with its fix before anyone types a password.
 */
import { CamrelayError } from '../../shared/errors.js';
import { checkOrigin, type HttpAuthOptions } from '../auth/http.js';
import { hostAllowed, originAllowed, originRefusal } from '../auth/origin.js';
import { sendError } from '../http/http-errors.js';
import type { Attached, Module } from '../modules/module.js';

declare module '../modules/module.js' {
  interface Provided {
    'origin-check': Attached & { httpAuth: HttpAuthOptions; allowed: (headers: Parameters<typeof originAllowed>[1]) => boolean };
  }
}

const list = (text: string) =>
  text
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);

export const originCheck: Module<'origin-check'> = {
  name: 'origin-check',
  // The others reach it as `ctx.httpAuth` and `ctx.originAllowed`; first of the lines that add routes.
  always: true,
  attach(ctx) {
    const httpAuth: HttpAuthOptions = { tls: Boolean(ctx.config.tlsCert), trustProxy: ctx.config.trustProxy, allowedOrigins: list(ctx.config.allowedOrigins) };
    const originGate = checkOrigin(httpAuth);
    ctx.app.use((req, res, next) => {
      if (req.path === '/healthz' || req.path === '/readyz') return next();
      // The dashboard's files hold no secrets: never refused for their Origin (module scripts and
      // stylesheets are fetched in CORS mode, so a proxy that rewrote Host left the page unstyled and
      // dead). The Host is still checked, so a DNS-rebinding page is refused.
      // Lower-cased: Express matches routes without regard to case, so /API/cameras is the API too.
      const path = req.path.toLowerCase();
      if ((req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/api/') && path !== '/metrics' && path !== '/metrics/') {
        return hostAllowed(httpAuth, req.headers) ? next() : sendError(res, new CamrelayError('BAD_ORIGIN', originRefusal(httpAuth, req.headers)));
      }
      originGate(req, res, next);
    });
    ctx.app.post('/api/origin-check', (_req, res) => void res.json({ ok: true }));
    return { httpAuth, allowed: (headers) => originAllowed(httpAuth, headers), close() {} };
  },
};
