/**
 * ICE servers from the config, and short-lived TURN credentials from a shared secret: the TURN
 * REST scheme coturn implements with `use-auth-secret` (username = "<expiry>:<user>",
 * credential = base64(HMAC-SHA1(secret, username))). Credentials never go to the log.
 */
import { createHmac } from 'node:crypto';
import type { Result } from '../../../shared/result.js';
import type { IceServer } from '../../../shared/webrtc/protocol.js';

type Parsed = Result<IceServer[], string>;

const URL_PATTERN = /^(stun|stuns|turn|turns):[^\s]{1,250}$/;

/** Checks CAMRELAY_ICE_SERVERS: a JSON array of { urls, username?, credential? } as browsers take it. */
export function parseIceServers(raw: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'it must be a JSON array, e.g. [{"urls":"stun:stun.example.org:3478"}]' };
  }
  if (!Array.isArray(value) || value.length > 16) return { ok: false, error: 'it must be a JSON array of at most 16 servers' };
  const servers: IceServer[] = [];
  for (const [i, entry] of value.entries()) {
    const e = entry as Record<string, unknown> | null;
    if (typeof e !== 'object' || e === null) return { ok: false, error: `entry ${i} is not an object` };
    const urls = Array.isArray(e.urls) ? e.urls : [e.urls];
    if (urls.length === 0 || !urls.every((u) => typeof u === 'string' && URL_PATTERN.test(u))) {
      return { ok: false, error: `entry ${i}: urls must be stun:, stuns:, turn: or turns: URLs` };
    }
    for (const key of ['username', 'credential'] as const) {
      if (e[key] !== undefined && typeof e[key] !== 'string') return { ok: false, error: `entry ${i}: ${key} must be a string` };
    }
    if ((e.username === undefined) !== (e.credential === undefined)) return { ok: false, error: `entry ${i}: give both username and credential, or neither` };
    const server: IceServer = { urls: e.urls as string | string[] };
    if (typeof e.username === 'string') server.username = e.username;
    if (typeof e.credential === 'string') server.credential = e.credential;
    servers.push(server);
  }
  return { ok: true, value: servers };
}

/** A TURN REST credential pair for `user`, valid for `ttlS` seconds from `now`. */
export function turnCredentials(secret: string, user: string, ttlS: number, now = Date.now()): { username: string; credential: string } {
  const username = `${Math.floor(now / 1000) + ttlS}:${user}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

export const isTurn = (server: IceServer): boolean => [server.urls].flat().some((u) => /^turns?:/.test(u));

/** The ICE servers for one peer: configured ones as given, TURN ones without credentials with fresh ones for `user`. */
export function iceServersFor(servers: readonly IceServer[], user: string, secret: string | undefined, ttlS: number, now = Date.now()): IceServer[] {
  return servers.map((server) => {
    if (!isTurn(server) || server.username !== undefined || !secret) return { ...server };
    // ':' separates expiry from user in the scheme; user names cannot contain it here.
    return { ...server, ...turnCredentials(secret, user.replaceAll(':', '_'), ttlS, now) };
  });
}

/** For logs: the URLs only. */
export function describeIceServers(servers: readonly IceServer[]): string {
  return servers.flatMap((s) => [s.urls].flat()).join(', ') || 'none (host candidates only)';
}
