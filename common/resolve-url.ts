/**
 * A URL's host name resolved in Node, for a program that cannot resolve names itself: the Linux
 * ffmpeg camrelay ships (@ffmpeg-installer/linux-x64, a 2018 static glibc build) loads the host's
 * NSS modules for any name and crashes with exit 139 (issue #25). IP-camera inputs
 * (`rtsp://porch.lan/…`, #29) go through here as well.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { CamrelayError } from '../shared/errors.js';
import { fail, ok, type Result } from '../shared/result.js';

/** Longest URL looked at: a camera's address is far shorter, and a user's typo need not be parsed in full. */
export const URL_MAX = 2048;

export interface ResolvedUrl {
  /** The URL with its host name replaced by an address; user, password, port, path and query kept. */
  url: string;
  /** The name and port as written (`relay:3000`), for an HTTP Host header; null when the URL held an address already. */
  host: string | null;
}

/** `dns.lookup` (the OS resolver: /etc/hosts, mDNS, DNS), or a stand-in in tests. */
export type Lookup = (hostname: string) => Promise<{ address: string; family: number }>;

/** Resolves the URL's host name once, now; an address (IPv4 or IPv6) is returned as it is. */
export async function resolveUrl(input: string, lookup: Lookup = (name) => dnsLookup(name)): Promise<Result<ResolvedUrl>> {
  if (typeof input !== 'string' || input.length > URL_MAX || !URL.canParse(input)) return fail(new CamrelayError('BAD_URL'));
  const url = new URL(input);
  const name = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (!name) return fail(new CamrelayError('BAD_URL'));
  if (isIP(name)) return ok({ url: url.href, host: null });
  const host = url.host;
  let address: { address: string; family: number };
  try {
    address = await lookup(name);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return fail(new CamrelayError('HOST_NOT_FOUND', `The host name "${name}" could not be resolved (${why}): check the name, or give the IP address instead.`));
  }
  url.hostname = address.family === 6 ? `[${address.address}]` : address.address;
  return ok({ url: url.href, host });
}

/**
 * ffmpeg's input arguments for a resolved URL: over HTTP the Host header keeps the name, so the
 * server (a relay checking Host, a virtual host) sees the request as if ffmpeg had resolved it.
 */
export function ffmpegUrlInput(resolved: ResolvedUrl): string[] {
  const http = /^https?:/i.test(resolved.url);
  return http && resolved.host ? ['-headers', `Host: ${resolved.host}\r\n`, '-i', resolved.url] : ['-i', resolved.url];
}
