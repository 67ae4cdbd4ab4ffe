/**
 * The Admin's camera discovery (POST /api/admin/onvif/discover, #29): its request, checked and bounded before
 * anything is sent on the network, and its answer's shape, shared by the relay and the dashboard.
 */
import { isIPv4 } from 'node:net';
import { CamrelayError } from '../../shared/errors.js';
import type { Result } from '../../shared/result.js';

/** A user name or password longer than this is not one a camera takes. */
export const DISCOVERY_STRING_MAX = 256;
/** Direct probes per discovery: a site's cameras, not a scan. */
export const DISCOVERY_PROBES_MAX = 16;
const WS_DISCOVERY_PORT = 3702;

export interface DiscoveryRequest {
  user?: string;
  password?: string;
  probes: { host: string; port: number }[];
}

export interface DiscoveredProfile {
  name: string;
  width: number | null;
  height: number | null;
  codec: string;
  /** The stream URI with the user name in and the password reading YOUR-PASSWORD; null when the camera gave none. */
  uri: string | null;
}

export type DiscoveredCamera =
  { address: string; ok: true; maker: string; model: string; ptz: boolean; profiles: DiscoveredProfile[] } | { address: string; ok: false; why: string };

const bad = (): Result<DiscoveryRequest> => ({ ok: false, error: new CamrelayError('BAD_DISCOVERY') });

function probe(text: unknown): { host: string; port: number } | null {
  if (typeof text !== 'string' || text.length > 21) return null;
  const [host, port, extra] = text.trim().split(':');
  if (extra !== undefined || !host || !isIPv4(host)) return null;
  if (port === undefined) return { host, port: WS_DISCOVERY_PORT };
  const n = Number(port);
  return /^\d{1,5}$/.test(port) && n >= 1 && n <= 65535 ? { host, port: n } : null;
}

/** The request's fields, each bounded; anything else in the body is refused, never echoed. */
export function validateDiscoveryRequest(body: unknown): Result<DiscoveryRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return bad();
  const { user, password, probes, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return bad();
  const text = (v: unknown) => v === undefined || (typeof v === 'string' && v.length <= DISCOVERY_STRING_MAX);
  if (!text(user) || !text(password)) return bad();
  if (probes !== undefined && (!Array.isArray(probes) || probes.length > DISCOVERY_PROBES_MAX)) return bad();
  const list = ((probes as unknown[] | undefined) ?? []).map(probe);
  if (list.some((p) => p === null)) return bad();
  const value: DiscoveryRequest = { probes: list as { host: string; port: number }[] };
  if (typeof user === 'string' && user !== '') value.user = user;
  if (typeof password === 'string' && value.user) value.password = password;
  return { ok: true, value };
}
