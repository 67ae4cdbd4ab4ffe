/**
 * Origin and Host checks. A browser request from another site (or `Origin: null`, a sandboxed
 * frame or a file) must not reach the API or Socket.IO; requests without an Origin (scripts,
 * tools) are not origin-checked, they authenticate like anyone else. The Host must be one the
 * relay answers to, so a DNS-rebinding page (its own name pointed at the relay's address) is
 * refused even though its Origin and Host agree.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { hostname } from 'node:os';

export interface OriginPolicy {
  /** The relay serves TLS itself. */
  tls: boolean;
  /** X-Forwarded-Proto (and -For) come from our own proxy and may be believed. */
  trustProxy: boolean;
  /** Browser origins allowed besides the relay's own; their hosts are allowed Host values too. */
  allowedOrigins: readonly string[];
}

/**
 * The scheme a proxy says the browser used: `X-Forwarded-Proto`, or RFC 7239's `Forwarded: proto=`
 * (Caddy, Traefik and HAProxy can send either); the first hop's, lower-cased; null without either.
 */
export function forwardedProto(headers: IncomingHttpHeaders): string | null {
  const xfp = headers['x-forwarded-proto'];
  if (typeof xfp === 'string') return xfp.split(',')[0]!.trim().toLowerCase();
  const forwarded = headers.forwarded;
  if (typeof forwarded !== 'string') return null;
  const proto = /(?:^|;)\s*proto=("?)(https?)\1\s*(?:;|$)/i.exec(forwarded.split(',')[0]!);
  return proto ? proto[2]!.toLowerCase() : null;
}

/** True when the browser sees this request as HTTPS (directly, or through a trusted TLS proxy). */
export function isSecure(p: OriginPolicy, headers: IncomingHttpHeaders): boolean {
  return p.tls || (p.trustProxy && forwardedProto(headers) === 'https');
}

function hostOnly(host: string): string {
  const h = host.toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon > 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

/** IP literals, localhost and this machine's own names are always fine; other names must be listed. */
export function hostAllowed(p: OriginPolicy, headers: IncomingHttpHeaders): boolean {
  const host = headers.host;
  if (!host) return true; // HTTP/1.0 tools; nothing a browser would send
  const name = hostOnly(host);
  if (isIP(name) || name === 'localhost' || name.endsWith('.localhost')) return true;
  const me = hostname().toLowerCase();
  if (name === me || name === `${me}.local`) return true;
  return p.allowedOrigins.some((o) => {
    try {
      return new URL(o).hostname.toLowerCase().replace(/^\[|\]$/g, '') === name;
    } catch {
      return false;
    }
  });
}

/** The origin this request was addressed to, as a browser on the same site would send it. */
export function ownOrigin(p: OriginPolicy, headers: IncomingHttpHeaders): string | null {
  const host = headers.host;
  return host ? `${isSecure(p, headers) ? 'https' : 'http'}://${host}` : null;
}

export function originAllowed(p: OriginPolicy, headers: IncomingHttpHeaders): boolean {
  if (!hostAllowed(p, headers)) return false;
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  return origin === ownOrigin(p, headers) || p.allowedOrigins.includes(origin);
}

/** For state changes: the browser must say the request is same-origin, not merely omit the header. */
export function sameOrigin(p: OriginPolicy, headers: IncomingHttpHeaders): boolean {
  if (headers.origin !== undefined) return originAllowed(p, headers);
  return hostAllowed(p, headers) && headers['sec-fetch-site'] === 'same-origin';
}

/**
 * Why `originAllowed`/`sameOrigin` said no, naming the Origin and Host seen and the setting or proxy
 * header that would fix it: the person reading it is usually setting up a proxy.
 */
export function originRefusal(p: OriginPolicy, headers: IncomingHttpHeaders): string {
  const host = headers.host ?? '';
  const origin = headers.origin;
  if (!hostAllowed(p, headers)) {
    return `The relay was asked for the host "${host}", which it does not answer to (a guard against DNS rebinding). List the address you reach it at (for example ${origin ?? `http://${host}`}) in CAMRELAY_ALLOWED_ORIGINS.`;
  }
  if (origin === 'null') return 'Requests from a sandboxed page or a local file (Origin: null) are not allowed.';
  if (origin === undefined) return 'State changes need a same-origin request from the Live Monitor (the browser sent no Origin or Sec-Fetch-Site).';
  return `This page's origin (${origin}) is not the address the relay was asked for (${ownOrigin(p, headers) ?? 'no Host header'}). Behind a reverse proxy, pass the Host header through (nginx: proxy_set_header Host $http_host;), or list ${origin} in CAMRELAY_ALLOWED_ORIGINS.`;
}
