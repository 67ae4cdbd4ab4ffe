/**
 * How a capture process on this machine reaches the relay (#55 item 14). Over plain HTTP, loopback. Over TLS, by a
 * name the relay's own certificate carries, or the process would refuse it (the child trusts that certificate through
 * NODE_EXTRA_CA_CERTS, and TLS still checks the name): a certificate made as docs/browser-camera.md prints names the
 * relay's LAN address only, so `localhost` failed with "xhr poll error" and the camera never came.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { isLoopback, lanAddresses } from '../http/lan.js';

/** The DNS names and IP addresses a certificate is for (its subjectAltName), in its order. */
export function certificateNames(pem: string | Buffer): { dns: string[]; ips: string[] } {
  const san = new X509Certificate(pem).subjectAltName ?? '';
  const entries = san.split(/,\s*/).map((e) => e.trim());
  const dns = entries.filter((e) => e.startsWith('DNS:')).map((e) => e.slice(4));
  const ips = entries.filter((e) => e.startsWith('IP Address:')).map((e) => e.slice(11));
  return { dns, ips };
}

const bracket = (host: string): string => (isIP(host) === 6 ? `[${host}]` : host);

/**
 * `http(s)://host:port` for the relay's own children. With a certificate: `localhost` or a loopback address it names,
 * else an address of this machine it names (the relay must listen there: on every address, or that one), else its
 * first plain DNS name; `localhost` when it names none of these (the reason is then in `why`).
 */
export function relayAddress(o: { host: string; port: number; certificate?: string | Buffer; lan?: string[] }): { url: string; why: string | null } {
  const wildcard = o.host === '0.0.0.0' || o.host === '::' || o.host === '';
  if (o.certificate === undefined) return { url: `http://${wildcard ? '127.0.0.1' : bracket(o.host)}:${o.port}`, why: null };
  const { dns, ips } = certificateNames(o.certificate);
  const listensOn = (ip: string) => wildcard || ip === o.host;
  const mine = new Set(o.lan ?? lanAddresses());
  const name =
    (dns.includes('localhost') ? 'localhost' : undefined) ??
    ips.find((ip) => isLoopback(ip) && listensOn(ip)) ??
    ips.find((ip) => mine.has(ip) && listensOn(ip)) ??
    (!wildcard && (ips.includes(o.host) || dns.includes(o.host)) ? o.host : undefined) ??
    dns.find((d) => !d.startsWith('*.'));
  if (name) return { url: `https://${bracket(name)}:${o.port}`, why: null };
  return {
    url: `https://localhost:${o.port}`,
    why: `the TLS certificate names none of localhost, a loopback address, this machine's addresses or a DNS name (it names ${[...dns, ...ips].join(', ') || 'nothing'}): the relay's IP cameras cannot check it; add one of them to its subjectAltName`,
  };
}
