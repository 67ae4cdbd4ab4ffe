/**
 * The Live Monitor's Web Push routes: the relay's public key, and a signed-in browser switching
 * notifications on or off for itself (a session cookie on a same-origin request, as every change),
 * with what it hears of objects (`alerts`, `newObjectsOnly`: push-rules.ts) beside its subscription.
 */
import type { Express, RequestHandler } from 'express';
import { CamrelayError } from '../../shared/errors.js';
import { PUSH_ENDPOINT_MAX, validatePushSubscription } from '../../shared/push.js';
import { principalOf, requireSessionChange, type HttpAuthOptions } from '../auth/http.js';
import { jsonBody } from '../http/body-deadline.js';
import { sendError } from '../http/http-errors.js';
import { parsePushRule } from './push-rules.js';
import type { PushSubscriptions } from './push-subscriptions.js';

export interface PushRoutesDeps {
  user: RequestHandler;
  httpAuth: HttpAuthOptions;
  subscriptions: PushSubscriptions;
  publicKey: string;
  allowLoopbackHttp: boolean;
}

export function attachPushRoutes(app: Express, d: PushRoutesDeps): void {
  const json = jsonBody();
  const change = requireSessionChange(d.httpAuth);

  app.get('/api/push/key', d.user, (_req, res) => void res.json({ publicKey: d.publicKey }));

  app.post('/api/push/subscriptions', d.user, change, json, (req, res) => {
    const sub = validatePushSubscription(req.body, d.allowLoopbackHttp);
    if (!sub.ok) return sendError(res, sub.error);
    const rule = parsePushRule(req.body);
    if (!rule.ok) return sendError(res, rule.error);
    const kept = d.subscriptions.add(principalOf(res).username, sub.value, rule.value);
    if (!kept.ok) return sendError(res, kept.error);
    res.status(201).json({ ok: true });
  });

  // Only the caller's own device: an endpoint is not a secret worth guessing, but another's is not theirs to end.
  app.delete('/api/push/subscriptions', d.user, change, json, (req, res) => {
    const endpoint = (req.body as { endpoint?: unknown } | undefined)?.endpoint;
    if (typeof endpoint !== 'string' || endpoint.length > PUSH_ENDPOINT_MAX || !URL.canParse(endpoint))
      return sendError(res, new CamrelayError('BAD_PUSH_SUBSCRIPTION', 'The push subscription is not valid: send { endpoint } of the device to switch off.'));
    res.json({ ok: true, removed: d.subscriptions.remove(new URL(endpoint).href, principalOf(res).username) });
  });
}
