/**
 * The Admin area's webhooks, admins only: GET /api/admin/notifications (every rule, the config
 * file's read-only, secrets as `(set)`), POST/PUT/DELETE /api/admin/notifications/webhooks[/:id],
 * and POST .../:id/test. A refused rule answers 400 BAD_WEBHOOK with the checker's sentence and
 * the field it is about (WEBHOOK_HEADER_UNSENDABLE for a header that can never be sent).
 */
import { randomBytes } from 'node:crypto';
import type { Express, RequestHandler, Response } from 'express';
import { CamrelayError, type ErrorCodeName } from '../../shared/errors.js';
import type { NotificationSettings, NotifyRefusal, TestOutcome } from '../../shared/notifications.js';
import { CAMERA_ID_PATTERN } from '../../shared/protocol.js';
import { principalOf } from '../auth/http.js';
import { readRevision, refuseStale, revisionOf, SaveMarks } from '../http/edit-revision.js';
import { sendError } from '../http/http-errors.js';
import type { WebhookRule } from './webhooks/webhook-settings.js';
import type { AdminWebhooks } from './admin-webhooks.js';
import type { TestGate } from '../http/test-gate.js';
import { checkWebhookInput, ruleOf, webhookView, type AdminWebhook, type Refusal } from './webhook-input.js';

export interface NotifyRouteDeps {
  /** Signed-in user, admin, and (for changes) a same-origin session, as every admin route. */
  read: RequestHandler[];
  change: RequestHandler[];
  webhooks: AdminWebhooks;
  configRules: readonly WebhookRule[];
  gate: TestGate;
  /** The relay's cameras, for the switches and a test event's camera. */
  cameras(): string[];
  mqttView(): NotificationSettings['mqtt'];
}

const ADMIN_ID = /^[a-z0-9]{1,32}$/;
const CONFIG_ID = /^config-(\d{1,2})$/;

/** 400 with the checker's sentence and its field, so the form shows it beside that field. */
export function refuse(res: Response, code: ErrorCodeName, r: Refusal): void {
  const body: NotifyRefusal = { ok: false, error: r.code ?? code, message: r.message, field: r.field };
  res.status(new CamrelayError(r.code ?? code).status).json(body);
}

/** The camera a test event names: the one asked for, else the rule's first, else the relay's first. */
export function testCamera(asked: unknown, ruleCameras: string[] | undefined, cameras: string[]): string {
  if (typeof asked === 'string' && CAMERA_ID_PATTERN.test(asked)) return asked;
  return ruleCameras?.[0] ?? cameras[0] ?? 'camera';
}

/** 429 TEST_TOO_SOON unless `key` may send a test now. */
export function gateOpen(gate: TestGate, key: string, res: Response): boolean {
  const wait = gate.take(key);
  if (wait === 0) return true;
  const error = new CamrelayError('TEST_TOO_SOON');
  error.retryAfterMs = Math.ceil(wait);
  sendError(res, error);
  return false;
}

export function webhookRoutes(app: Express, d: NotifyRouteDeps): void {
  const marks = new SaveMarks();
  // Rules hold receivers' tokens (headers): their revisions are keyed hashes, so they change when the relay restarts.
  const key = randomBytes(32);
  const info = (w: AdminWebhook) => marks.info(w.id, revisionOf(w, key));
  const views = () => [
    ...d.configRules.map((rule, i) => webhookView(rule, `config-${i}`, 'config', true)),
    ...d.webhooks.list().map((w) => ({ ...webhookView(ruleOf(w), w.id, 'admin', w.enabled), ...info(w) })),
  ];

  app.get('/api/admin/notifications', ...d.read, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const view: NotificationSettings = { webhooks: views(), mqtt: d.mqttView(), cameras: d.cameras() };
    res.json(view);
  });

  app.post('/api/admin/notifications/webhooks', ...d.change, (req, res) => {
    const checked = checkWebhookInput(req.body, randomBytes(6).toString('hex'));
    if (!checked.ok) return refuse(res, 'BAD_WEBHOOK', checked.error);
    if (!d.webhooks.put(checked.value)) return sendError(res, new CamrelayError('TOO_MANY_WEBHOOKS'));
    marks.mark(checked.value.id, principalOf(res).username, Date.now(), revisionOf(checked.value, key));
    res
      .status(201)
      .json({ ok: true, webhook: { ...webhookView(ruleOf(checked.value), checked.value.id, 'admin', checked.value.enabled), ...info(checked.value) } });
  });

  /** The admin rule `:id` names, or an answer saying why there is none. */
  const adminRule = (id: string, res: Response) => {
    if (CONFIG_ID.test(id)) return void sendError(res, new CamrelayError('WEBHOOK_FROM_CONFIG'));
    const rule = ADMIN_ID.test(id) ? d.webhooks.get(id) : undefined;
    if (!rule) return void sendError(res, new CamrelayError('UNKNOWN_WEBHOOK'));
    return rule;
  };

  app.put('/api/admin/notifications/webhooks/:id', ...d.change, (req, res) => {
    const old = adminRule(req.params.id as string, res);
    if (!old) return;
    // `revision` rides beside the rule (docs/notifications.md); none saves as before.
    const raw: unknown = req.body;
    const isBody = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
    const { revision, ...body } = isBody ? (raw as Record<string, unknown>) : {};
    const sent = readRevision(revision);
    if (!sent.ok) return sendError(res, sent.error);
    const checked = checkWebhookInput(isBody ? body : raw, old.id, old);
    if (!checked.ok) return refuse(res, 'BAD_WEBHOOK', checked.error);
    if (refuseStale(res, sent.value, info(old))) return;
    d.webhooks.put(checked.value);
    marks.mark(old.id, principalOf(res).username, Date.now(), revisionOf(checked.value, key));
    res.json({ ok: true, webhook: { ...webhookView(ruleOf(checked.value), old.id, 'admin', checked.value.enabled), ...info(checked.value) } });
  });

  app.delete('/api/admin/notifications/webhooks/:id', ...d.change, (req, res) => {
    const old = adminRule(req.params.id as string, res);
    if (!old) return;
    d.webhooks.delete(old.id);
    res.json({ ok: true });
  });

  app.post('/api/admin/notifications/webhooks/:id/test', ...d.change, async (req, res) => {
    const id = req.params.id as string;
    const n = CONFIG_ID.exec(id);
    const admin = !n && ADMIN_ID.test(id) ? d.webhooks.get(id) : undefined;
    const rule = n ? d.configRules[Number(n[1])] : admin && ruleOf(admin);
    if (!rule) return sendError(res, new CamrelayError('UNKNOWN_WEBHOOK'));
    if (!gateOpen(d.gate, `webhook:${id}`, res)) return;
    const camera = testCamera((req.body as { camera?: unknown } | undefined)?.camera, rule.cameras, d.cameras());
    const answer: TestOutcome = { ok: true, ...(await d.webhooks.test(rule, camera)) };
    res.json(answer);
  });
}
