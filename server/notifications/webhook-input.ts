/**
 * A webhook rule as the Admin area sends it, checked by the config file's own checker
 * (`checkWebhookRule`), with its secrets kept: a header sent empty keeps the value it had. Pure.
 */
import type { ErrorCodeName } from '../../shared/errors.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { SECRET_SET, type WebhookView } from '../../shared/notifications.js';
import { WEBHOOK_EVENTS, webhookRuleProblem, type WebhookRule } from './webhooks/webhook-settings.js';

/** A rule made in the Admin area: the config file's shape, an id and an on/off switch. */
export interface AdminWebhook extends WebhookRule {
  id: string;
  enabled: boolean;
}

/** The checker's sentence and the form field it names (`url` in `webhook.url must be ...`). */
export interface Refusal {
  message: string;
  field: string | null;
  /** The answer's code when it is not the route's own (a header that cannot be sent). */
  code?: ErrorCodeName;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The field a checker's sentence is about: the word after `at.`, or null for the whole value. */
export function fieldOf(message: string, at: string): string | null {
  return new RegExp(`^${at}\\.(\\w+)`).exec(message)?.[1] ?? null;
}

/**
 * Whether two addresses reach the same server (scheme, host and port). A kept secret goes only where it
 * was set for: otherwise an admin could point another's rule at a server of their own and have the
 * relay send the secret there, one that is never shown back.
 */
export function sameServer(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || !URL.canParse(a) || !URL.canParse(b)) return false;
  const [x, y] = [new URL(a), new URL(b)];
  return x.protocol === y.protocol && x.host === y.host;
}

/** Checks `raw` (the request body) as rule `id`; `old` is the rule it replaces, whose header values an empty one keeps, as it keeps the alerts and new-objects-only a body leaves out. */
export function checkWebhookInput(raw: unknown, id: string, old?: AdminWebhook): Result<AdminWebhook, Refusal> {
  if (!isObject(raw))
    return fail({
      message: 'webhook must be an object {url, format?, cameras?, events?, labels?, zones?, alerts?, newObjectsOnly?, names?, headers?, enabled?}',
      field: null,
    });
  const { enabled = old?.enabled ?? true, ...rule } = raw;
  // What a client does not send it keeps: the Admin's form has no fields for the alerts a rule hears or new-objects-only
  // (set through the API or the config file), so its edit must not drop them; null clears one.
  for (const key of ['alerts', 'newObjectsOnly', 'names'] as const) if (!(key in rule) && old?.[key] !== undefined) rule[key] = old[key];
  if (typeof enabled !== 'boolean') return fail({ message: 'webhook.enabled must be true or false', field: 'enabled' });
  // The form sends null for "all cameras", "motion" (no labels) and "anywhere" (no zones).
  for (const key of ['cameras', 'labels', 'zones', 'alerts', 'names'] as const) if (rule[key] === null) delete rule[key];
  if (isObject(rule.headers)) {
    const headers: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(rule.headers)) {
      // Secrets are never sent to the page, so an edit sends them empty: empty keeps the old value.
      const kept = value === '' ? old?.headers?.[name] : value;
      if (value === '' && kept !== undefined && !sameServer(rule.url, old?.url))
        return fail({
          message: `webhook.headers.${name.slice(0, 64)}: enter its value again: the address now goes to another server, and a kept value goes only to the one it was set for`,
          field: 'headers',
        });
      if (kept !== undefined) headers[name] = kept;
    }
    rule.headers = headers;
  }
  const problem = webhookRuleProblem(rule, 'webhook');
  if (problem) return fail({ message: problem.message, field: fieldOf(problem.message, 'webhook'), code: problem.code });
  return ok({ ...(rule as unknown as WebhookRule), id, enabled });
}

/** The rule without its id and switch, as the sender takes it. */
export function ruleOf(w: AdminWebhook): WebhookRule {
  const { id: _id, enabled: _enabled, ...rule } = w;
  return rule;
}

/** What the API shows of a rule: every header's value replaced by `(set)`. */
export function webhookView(rule: WebhookRule, id: string, source: WebhookView['source'], enabled: boolean): WebhookView {
  return {
    id,
    source,
    enabled,
    url: rule.url,
    format: rule.format ?? 'json',
    cameras: rule.cameras ?? null,
    events: rule.events ?? [...WEBHOOK_EVENTS],
    labels: rule.labels ?? null,
    zones: rule.zones ?? null,
    headers: Object.fromEntries(Object.keys(rule.headers ?? {}).map((name) => [name, SECRET_SET])),
    ...(rule.alerts ? { alerts: rule.alerts } : {}),
    ...(rule.newObjectsOnly !== undefined ? { newObjectsOnly: rule.newObjectsOnly } : {}),
    ...(rule.names ? { names: rule.names } : {}),
  };
}
