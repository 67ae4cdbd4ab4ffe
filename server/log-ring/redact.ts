/**
 * Takes secrets out of what the System section and the diagnostics bundle show: values under a secret's key, the
 * password of a URL, a token in a URL's query, and any known secret value wherever it turns up (a backstop).
 */

export const REDACTED = '[redacted]';

/** Keys whose values are secrets whatever they hold (adminPassword, captureToken, mqttPassword, turnSecret, tlsKey, vapid…; a webhook's headers carry its receiver's token). */
const SECRET_KEY = /^headers$|pass(word|wd)?$|passphrase|secret|token|credential|cookie|vapid|private|apikey|api_key|(^|[a-z_])key$|^auth/i;

/** `scheme://user:password@` and `scheme://token@`: the part before `@` goes. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"'<>]+@/gi;
/** `?token=…`, `&key=…`, `&password=…` in a URL's query. */
const QUERY_SECRET = /([?&](?:[a-z_]*token|key|secret|password|pass|auth|sig|signature|access_token)=)[^&\s"'<>#]+/gi;

/** Whether a key names a secret. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * `text` without URL credentials, query tokens and the `known` secret values. Known values shorter than 4
 * characters are left (replacing "ab" everywhere would garble the text and hide nothing).
 */
export function redactText(text: string, known: readonly string[] = []): string {
  let out = text.replace(URL_USERINFO, `$1${REDACTED}@`).replace(QUERY_SECRET, `$1${REDACTED}`);
  for (const secret of known) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out;
}

/** A deep copy of `value` with every secret-keyed value replaced and every string passed through redactText. */
export function redactValue(value: unknown, known: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, known);
  if (value === null || typeof value !== 'object') return value;
  // Config and status objects are shallow; a deeper one is cut rather than walked without end.
  if (depth > 8) return REDACTED;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, known, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (isSecretKey(k)) out[k] = v === undefined || v === null || v === '' ? v : REDACTED;
    else out[k] = redactValue(v, known, depth + 1);
  }
  return out;
}

/** The string values under secret keys of `value` (at any depth): the known secrets to search the rest for. */
export function secretValues(value: unknown, depth = 0): string[] {
  if (value === null || typeof value !== 'object' || depth > 8) return [];
  const found: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (isSecretKey(k) && typeof v === 'string') found.push(v);
    else if (isSecretKey(k) && v && typeof v === 'object') found.push(...Object.values(v).filter((x): x is string => typeof x === 'string'));
    else found.push(...secretValues(v, depth + 1));
  }
  return found;
}
