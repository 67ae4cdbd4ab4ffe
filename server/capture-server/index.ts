/**
 * `capture-server`: `GET /api/capture-server`, the addresses another machine can reach this relay at
 * (url: the first), for the capture command and the stream URLs the Live Monitor shows.
 */
import { isSecure } from '../auth/origin.js';
import { forwardedPrefix, relayAddresses } from '../http/lan.js';
import type { Attached, Module } from '../modules/module.js';

declare module '../modules/module.js' {
  interface Provided {
    'capture-server': Attached;
  }
}

export const captureServer: Module<'capture-server'> = {
  name: 'capture-server',
  needs: ['origin-check', 'auth'],
  attach(ctx) {
    ctx.app.get('/api/capture-server', ctx.requireUser, (req, res) => {
      const prefix = ctx.config.trustProxy ? forwardedPrefix(req.headers['x-forwarded-prefix']) : '';
      const urls = relayAddresses({
        host: req.headers.host ?? '',
        port: req.socket.localPort ?? 0,
        listenHost: ctx.config.host,
        secure: isSecure(ctx.httpAuth, req.headers),
        prefix,
      });
      res.json({ url: urls[0], urls });
    });
    return { close() {} };
  },
};
