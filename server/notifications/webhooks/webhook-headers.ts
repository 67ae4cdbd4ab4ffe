/**
 * A webhook rule's headers, checked before they are saved: a header that can never be sent would
 * be kept (201) and then fail every request (#37). Node's fetch (undici) refuses Transfer-Encoding,
 * Expect, Upgrade, Keep-Alive and values with control characters or characters beyond Latin-1;
 * a Content-Length that is not the body's makes the receiver wait for bytes that never come (408);
 * Host, Connection and the other hop-by-hop headers (RFC 7230 6.1) belong to the sender's own
 * connection. Pure.
 */

/** A header name: an RFC 7230 token, at most 64 characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
/** A header value fetch sends: tab, visible ASCII, space, and Latin-1 (obs-text); nothing else. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const VALUE_MAX = 4096;

const SENDER_SETS = 'the relay sets it for each request';
const CONNECTION = 'it is about the connection, which the relay manages';
/** Names (lower case) a rule may not set, and why. */
const UNSENDABLE = new Map<string, string>([
  ['content-length', SENDER_SETS],
  ['transfer-encoding', SENDER_SETS],
  ['host', 'the relay sends the URL’s host: put the host in the URL'],
  ['expect', 'the relay does not wait for an answer before its body'],
  ['connection', CONNECTION],
  ['keep-alive', CONNECTION],
  ['proxy-connection', CONNECTION],
  ['upgrade', CONNECTION],
  ['te', CONNECTION],
  ['trailer', CONNECTION],
]);

/** A header's problem, with its code: BAD_WEBHOOK for a malformed one, WEBHOOK_HEADER_UNSENDABLE for one that is well formed but cannot be sent. */
export interface HeaderProblem {
  code: 'BAD_WEBHOOK' | 'WEBHOOK_HEADER_UNSENDABLE';
  message: string;
}

/** The first header of `headers` (at most `max` of them, checked by the caller) that cannot be sent, or null. */
export function headerProblem(headers: Record<string, unknown>, at: string): HeaderProblem | null {
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) return { code: 'BAD_WEBHOOK', message: `${at}.headers: "${name.slice(0, 64)}" is not a header name` };
    const why = UNSENDABLE.get(name.toLowerCase());
    if (why) return { code: 'WEBHOOK_HEADER_UNSENDABLE', message: `${at}.headers.${name} cannot be set by a webhook: ${why}` };
    if (typeof value !== 'string' || value.length > VALUE_MAX || /[\r\n\0]/.test(value))
      return { code: 'BAD_WEBHOOK', message: `${at}.headers.${name} must be text on one line (at most ${VALUE_MAX} characters)` };
    if (!HEADER_VALUE.test(value))
      return {
        code: 'WEBHOOK_HEADER_UNSENDABLE',
        message: `${at}.headers.${name} cannot be sent: a header value may hold only Latin-1 letters, digits, signs and spaces (no emoji, no control characters)`,
      };
  }
  return null;
}
