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
import { fail, ok, type Result } from '../../shared/result.js';
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

  // The caller's own devices (at most PUSH_SUBSCRIPTIONS_PER_USER), so that a page finds what its own device chose.
  app.get('/api/push/subscriptions', d.user, (_req, res) => void res.json({ devices: d.subscriptions.devicesOf(principalOf(res).username) }));

  // What one of the caller's devices hears of objects, changed without subscribing again.
  app.patch('/api/push/subscriptions', d.user, change, json, (req, res) => {
    const endpoint = endpointOf(req.body, 'change');
    if (!endpoint.ok) return sendError(res, endpoint.error);
    const rule = parsePushRule(req.body);
    if (!rule.ok) return sendError(res, rule.error);
    const chosen = d.subscriptions.choose(endpoint.value, principalOf(res).username, rule.value);
    if (!chosen) return sendError(res, new CamrelayError('PUSH_DEVICE_UNKNOWN'));
    res.json({ ok: true, alerts: chosen.alerts ?? null, newObjectsOnly: chosen.newObjectsOnly ?? false });
  });

  // Only the caller's own device: an endpoint is not a secret worth guessing, but another's is not theirs to end.
  app.delete('/api/push/subscriptions', d.user, change, json, (req, res) => {
    const endpoint = endpointOf(req.body, 'switch off');
    if (!endpoint.ok) return sendError(res, endpoint.error);
    res.json({ ok: true, removed: d.subscriptions.remove(endpoint.value, principalOf(res).username) });
  });
}

/** The `endpoint` of a body that names one device, as the relay keeps it (a URL's own spelling). */
function endpointOf(body: unknown, to: string): Result<string> {
  const endpoint = (typeof body === 'object' && body !== null ? body : {}) as { endpoint?: unknown };
  if (typeof endpoint.endpoint !== 'string' || endpoint.endpoint.length > PUSH_ENDPOINT_MAX || !URL.canParse(endpoint.endpoint))
    return fail(new CamrelayError('BAD_PUSH_SUBSCRIPTION', `The push subscription is not valid: send { endpoint } of the device to ${to}.`));
  return ok(new URL(endpoint.endpoint).href);
}
