/** The relay's IP-camera processes as the system sees them (Linux /proc), and admin requests fired at once. */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { childProcesses } from './processes.js';

export interface ProcessInfo {
  pid: number;
  args: string[];
}

function argsOf(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
  } catch {
    return null; // gone between the listing and the read
  }
}

/** Every process under `pid`, children first, with its arguments. */
export function descendants(pid: number): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const child of childProcesses(pid)) {
    const args = argsOf(child.pid);
    if (args) found.push({ pid: child.pid, args });
    found.push(...descendants(child.pid));
  }
  return found;
}

/** The capture programs under `pid` that run camera `cameraId` (`--camera id` or `--camera=id`). */
export function captureProcesses(pid: number, cameraId: string): ProcessInfo[] {
  return descendants(pid).filter(
    (p) =>
      p.args.some((a) => a.endsWith('capture-client/main.ts')) &&
      p.args.some((a, i) => a === `--camera=${cameraId}` || (a === '--camera' && p.args[i + 1] === cameraId)),
  );
}

/** A process's environment as NAME → value, or null once it is gone. */
export function environOf(pid: number): Map<string, string> | null {
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return null;
  }
  const env = new Map<string, string>();
  for (const entry of raw.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface RawRequest {
  method: string;
  path: string;
  body?: unknown;
}

/**
 * Sends requests as a double-click does: each on its own connection, all connections opened first and
 * the requests then written in one go, so they reach the relay together and in this order.
 * Resolves with each answer's status.
 */
export async function fireAtOnce(base: string, headers: Record<string, string>, requests: RawRequest[]): Promise<number[]> {
  const { hostname, port } = new URL(base);
  const sockets = await Promise.all(
    requests.map(
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect(Number(port), hostname, () => resolve(s));
          s.once('error', reject);
        }),
    ),
  );
  const answers = sockets.map(
    (s) =>
      new Promise<number>((resolve, reject) => {
        let got = '';
        s.setEncoding('latin1');
        s.on('data', (d: string) => (got += d));
        s.once('error', reject);
        s.once('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(got)?.[1] ?? 0)));
      }),
  );
  requests.forEach((r, i) => {
    const body = r.body === undefined ? '' : JSON.stringify(r.body);
    const lines = [
      `${r.method} ${r.path} HTTP/1.1`,
      `Host: ${hostname}:${port}`,
      'Connection: close',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    if (body) lines.push('Content-Type: application/json');
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
    sockets[i]!.write(lines.join('\r\n') + '\r\n\r\n' + body);
  });
  return Promise.all(answers);
}
