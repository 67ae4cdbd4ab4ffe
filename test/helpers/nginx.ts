/**
 * The real Debian nginx as a reverse proxy in front of a relay, on a free loopback port, with its
 * own config and temp folder. Without nginx the tests skip loudly, except under CI=true.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from './wait.js';

export interface NginxOptions {
  upstreamPort: number;
  /** Instead of the built-in server block: http-level config for this port (e.g. the shipped deploy file). */
  httpConfig?: (port: number) => string;
  /** Forward the WebSocket upgrade (`Upgrade`/`Connection` headers); false is the classic mistake. */
  websocket: boolean;
}

export interface RunningNginx {
  port: number;
  url: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;
const KILL_AFTER_MS = 3000;

/** The nginx binary: Debian's /usr/sbin/nginx, else the first `nginx` on PATH. */
export function nginxPath(): string | null {
  const dirs = ['/usr/sbin', ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean)];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'nginx');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: try the next folder
    }
  }
  return null;
}

/** True when nginx tests can run; prints why not, and throws under CI where nginx is required. */
export function nginxAvailable(): boolean {
  if (nginxPath()) return true;
  const msg = 'No nginx found (apt-get install nginx-light or nginx): nginx tests are SKIPPED.';
  if (process.env.CI === 'true') throw new Error(`${msg} Under CI=true this is a failure.`);
  console.warn(`\n*** ${msg} ***\n`);
  return false;
}

/** Starts nginx proxying 127.0.0.1:<upstreamPort>; resolves once it accepts TCP connections. */
export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  const bin = nginxPath();
  if (!bin) throw new Error('startNginx: no nginx binary found (see nginxAvailable()).');
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-nginx-'));
  try {
    // A port picked by listening on 0 can be taken again before nginx binds it: retry once.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir, port, options));
      const child = spawn(bin, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let output = '';
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      child.on('error', (err) => (output += `${err.message}\n`));
      const ready = await waitListening(child, port, path.join(dir, 'nginx.pid'));
      if (ready === 'listening') return { port, url: `http://127.0.0.1:${port}`, stop: () => stop(child, dir) };
      await stop(child, null);
      output += readLog(path.join(dir, 'error.log'));
      if (attempt < 2 && /Address already in use/i.test(output)) continue;
      throw new Error(`nginx did not start (${ready}): ${output.trim() || '(no output)'}`);
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

function nginxConfig(dir: string, port: number, { upstreamPort, websocket, httpConfig }: NginxOptions): string {
  const temp = (name: string) => `${name} ${path.join(dir, name.replace(/_path$/, ''))};`;
  const head = [
    // As root the workers would run as nobody, who cannot enter the 0700 temp folder.
    process.getuid?.() === 0 ? 'user root;' : null,
    'worker_processes 1;',
    `error_log ${path.join(dir, 'error.log')} warn;`,
    `pid ${path.join(dir, 'nginx.pid')};`,
    'events { worker_connections 256; }',
    'http {',
    '  access_log off;',
    ...['client_body_temp_path', 'proxy_temp_path', 'fastcgi_temp_path', 'uwsgi_temp_path', 'scgi_temp_path'].map((t) => `  ${temp(t)}`),
  ];
  const server = [
    websocket ? "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }" : null,
    '  server {',
    `    listen 127.0.0.1:${port};`,
    '    location / {',
    `      proxy_pass http://127.0.0.1:${upstreamPort};`,
    '      proxy_http_version 1.1;',
    '      proxy_buffering off;',
    '      proxy_read_timeout 60s;',
    // The relay compares a browser's Origin with the Host it was addressed to: pass the real Host.
    '      proxy_set_header Host $http_host;',
    websocket ? '      proxy_set_header Upgrade $http_upgrade;' : null,
    websocket ? '      proxy_set_header Connection $connection_upgrade;' : null,
    '    }',
    '  }',
  ];
  return [...head, ...(httpConfig ? [httpConfig(port)] : server), '}']
    .filter((line) => line !== null)
    .join('\n')
    .concat('\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Waits until nginx has written its pid file (it does so after binding its sockets) and accepts a
 * connection, so another process that grabbed the port first is not mistaken for nginx.
 */
async function waitListening(child: ChildProcess, port: number, pidFile: string): Promise<'listening' | 'exited' | 'timed out'> {
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  const state = async (): Promise<'listening' | 'exited' | null> => {
    if (exited) return 'exited';
    if (!existsSync(pidFile) || !(await accepts(port))) return null;
    return exited ? 'exited' : 'listening';
  };
  return waitFor(state, 'nginx to listen', START_TIMEOUT_MS, 25).catch(() => 'timed out' as const);
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** True when something accepts a TCP connection on this loopback port now. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function stop(child: ChildProcess, dir: string | null): Promise<void> {
  // No pid: spawn itself failed, and there is no process to wait for.
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    await exited;
    clearTimeout(timer);
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** The shipped deploy/nginx/camrelay.conf, pointed at these relay nodes and a port of the test's (`httpConfig`). */
export function shippedClusterConfig(nodePorts: number[]): (port: number) => string {
  const shipped = readFileSync(new URL('../../deploy/nginx/camrelay.conf', import.meta.url), 'utf8');
  return (port) =>
    shipped
      .replace(/ {2}server 127\.0\.0\.1:3001;\n {2}server 127\.0\.0\.1:3002;/, nodePorts.map((p) => `  server 127.0.0.1:${p};`).join('\n'))
      .replace('listen 80;', `listen 127.0.0.1:${port};`);
}
