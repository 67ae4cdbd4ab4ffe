/**
 * Origin checks: a browser request from another site (or `Origin: null`, a sandboxed frame or a
 * file) must not reach the API or Socket.IO; requests without an Origin (scripts, tools) are not
 * origin-checked, they authenticate like anyone else.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** The origin this request was addressed to, as a browser on the same site would send it. */
export function ownOrigin(headers: IncomingHttpHeaders, secure: boolean): string | null {
  const host = headers.host;
  return host ? `${secure ? 'https' : 'http'}://${host}` : null;
}

export function originAllowed(headers: IncomingHttpHeaders, secure: boolean, extra: readonly string[]): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  return origin === ownOrigin(headers, secure) || extra.includes(origin);
}

/** For state changes: the browser must say the request is same-origin, not merely omit the header. */
export function sameOrigin(headers: IncomingHttpHeaders, secure: boolean, extra: readonly string[]): boolean {
  if (headers.origin !== undefined) return originAllowed(headers, secure, extra);
  return headers['sec-fetch-site'] === 'same-origin';
}
