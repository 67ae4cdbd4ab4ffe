/** This machine's LAN addresses, and the address a camera PC should be given to reach the relay. */
import { networkInterfaces } from 'node:os';

export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

/** True for a loopback host (`localhost`, `127.x`, `::1`), with or without a port. */
export function isLoopback(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || name.startsWith('127.');
}

/**
 * The addresses another machine (a camera PC, a player, Home Assistant) can reach the relay at, best first.
 * The page's own address works unless the page was opened on the relay's machine itself (localhost); then
 * each LAN address, as the start banner prints them, for the person to choose.
 */
export function relayAddresses(o: { host: string; port: number; listenHost: string; secure: boolean; lan?: string[]; prefix?: string }): string[] {
  const scheme = o.secure ? 'https' : 'http';
  const lan = o.listenHost === '0.0.0.0' || o.listenHost === '::' ? (o.lan ?? lanAddresses()) : [];
  return isLoopback(o.host) && lan.length > 0 ? lan.map((ip) => `${scheme}://${ip}:${o.port}`) : [`${scheme}://${o.host}${o.prefix ?? ''}`];
}

/** The address a camera PC should be given: the first of relayAddresses. */
export function captureServerUrl(o: Parameters<typeof relayAddresses>[0]): string {
  return relayAddresses(o)[0]!;
}

/** A trusted proxy's `X-Forwarded-Prefix` (`/cams`), or '' when absent or not a plain path. */
export function forwardedPrefix(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^\/[A-Za-z0-9._~/-]*$/.test(value) ? value.replace(/\/+$/, '') : '';
}
