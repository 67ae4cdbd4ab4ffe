/**
 * An IP camera's URL, kept secret and made safe for ffmpeg. Its user name and password never leave
 * this process unmasked (status line, logs, the relay). Its host name is looked up here, in Node:
 * the bundled Linux ffmpeg (a 2018 static build) segfaults, exit 139, whenever it resolves a name.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { CamrelayError } from '../../shared/errors.js';

export { maskSecrets, maskUrl } from '../../common/secret-url.js';

export type HostLookup = (host: string) => Promise<string>;

const systemLookup: HostLookup = async (host) => (await dnsLookup(host)).address;

/**
 * The URL with its host name replaced by the address it resolves to (IPv6 in brackets); an address
 * stays as it is. A name that does not resolve is CAMERA_UNREACHABLE, which the capture side waits out.
 */
export async function resolveCameraUrl(url: string, lookup: HostLookup = systemLookup): Promise<string> {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return url;
  let address: string;
  try {
    address = await lookup(host);
  } catch (err) {
    throw new CamrelayError(
      'CAMERA_UNREACHABLE',
      `The camera's host name "${host}" does not resolve (${(err as NodeJS.ErrnoException).code ?? 'lookup failed'}).`,
    );
  }
  parsed.hostname = isIP(address) === 6 ? `[${address}]` : address;
  return parsed.toString();
}
