/**
 * POST /api/admin/onvif/discover: admins only, with the same-session rules as the other admin changes (it makes
 * the relay send on its network). The answer lists what was found; the password is in no answer and no log line.
 */
import type { Express, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { validateDiscoveryRequest } from '../../common/onvif/discovery-request.js';
import { CamrelayError } from '../../shared/errors.js';
import { principalOf, requireAdmin, requireSessionChange, type HttpAuthOptions } from '../auth/http.js';
import { jsonBody } from '../http/body-deadline.js';
import { sendError } from '../http/http-errors.js';
import type { OnvifDiscovery } from './onvif-discovery.js';

export function discoverRoute(app: Express, discovery: OnvifDiscovery, user: RequestHandler, o: HttpAuthOptions, log: Logger): void {
  app.post('/api/admin/onvif/discover', user, requireAdmin(), requireSessionChange(o), jsonBody(), async (req, res) => {
    const checked = validateDiscoveryRequest(req.body);
    if (!checked.ok) return sendError(res, checked.error);
    const admin = principalOf(res).username;
    try {
      const cameras = await discovery.run(admin, checked.value);
      log.info({ admin, probes: checked.value.probes.length, found: cameras.length }, 'onvif discovery');
      res.setHeader('Cache-Control', 'no-store');
      res.json({ cameras });
    } catch (err) {
      if (!(err instanceof CamrelayError)) throw err;
      sendError(res, err);
    }
  });
}
