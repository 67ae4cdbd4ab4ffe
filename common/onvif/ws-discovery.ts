/**
 * WS-Discovery (ONVIF's way to find cameras): one Probe to the multicast group 239.255.255.250:3702, and the same
 * Probe sent straight to each address given, for networks where multicast does not pass (Wi-Fi isolation, VLANs,
 * VPNs). Answers are collected for a fixed window; each camera's device-service addresses (XAddrs) come back.
 */
import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';

export const WS_DISCOVERY_GROUP = { host: '239.255.255.250', port: 3702 };
/** At most this many cameras are kept from one probe; more answers are ignored. */
export const DISCOVERY_DEVICES_MAX = 32;
/** A ProbeMatch bigger than this is not a camera's answer. */
const ANSWER_BYTES_MAX = 64 * 1024;

export interface DiscoveryOptions {
  /** Addresses to probe directly, beside the multicast group. */
  probes?: { host: string; port: number }[];
  /** false: no multicast probe (the tests, on loopback). */
  multicast?: boolean;
  /** How long to listen for answers (default 3 s). */
  windowMs?: number;
  max?: number;
}

export interface DiscoveredDevice {
  /** The camera's ONVIF device service, e.g. http://192.168.1.20/onvif/device_service */
  xaddr: string;
  /** Where the answer came from. */
  from: string;
}

function probeMessage(): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing">' +
    `<s:Header><a:MessageID>uuid:${randomUUID()}</a:MessageID><a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>` +
    '<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action></s:Header>' +
    '<s:Body><Probe xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery"><Types xmlns:dn="http://www.onvif.org/ver10/network/wsdl">dn:NetworkVideoTransmitter</Types></Probe></s:Body></s:Envelope>'
  );
}

/** The http(s) XAddrs of a ProbeMatches answer (a camera may list several, space-separated; IPv4 first). */
export function parseXAddrs(xml: string): string[] {
  const list = /<(?:\w+:)?XAddrs>([^<]*)<\/(?:\w+:)?XAddrs>/.exec(xml)?.[1] ?? '';
  return list
    .split(/\s+/)
    .filter((a) => /^https?:\/\//.test(a))
    .sort((a, b) => Number(a.includes('[')) - Number(b.includes('[')));
}

/** Probes and resolves with the cameras that answered within the window, one entry per device service. */
export function discoverOnvif(options: DiscoveryOptions = {}): Promise<DiscoveredDevice[]> {
  const max = options.max ?? DISCOVERY_DEVICES_MAX;
  return new Promise((resolve) => {
    const found = new Map<string, DiscoveredDevice>();
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    const finish = () => {
      clearTimeout(timer);
      socket.close();
      resolve([...found.values()]);
    };
    const timer = setTimeout(finish, options.windowMs ?? 3000);
    socket.on('message', (msg, rinfo) => {
      if (msg.length > ANSWER_BYTES_MAX || found.size >= max) return;
      const xaddr = parseXAddrs(msg.toString('utf8'))[0];
      if (xaddr && !found.has(xaddr)) found.set(xaddr, { xaddr, from: rinfo.address });
      if (found.size >= max) finish();
    });
    // A network without multicast (no route) fails the group's send, not the unicast ones.
    socket.on('error', () => {});
    socket.bind(0, () => {
      const probe = Buffer.from(probeMessage());
      const targets = [...(options.multicast === false ? [] : [WS_DISCOVERY_GROUP]), ...(options.probes ?? [])];
      for (const t of targets) socket.send(probe, t.port, t.host, () => {});
    });
  });
}
