/**
 * The reverse proxies people run, from Debian's packages, each started in the foreground with a
 * config of its own in a temp folder: the site part as docs/deployment.md prints it, wrapped in
 * what the package's own files would otherwise provide (modules, pid files, logs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { accepts, startNginx } from './nginx.js';
import { freePort } from './processes.js';
import { waitFor } from './wait.js';

export type ProxyKind = 'nginx' | 'apache' | 'haproxy' | 'caddy';

export interface RunningProxy {
  url: string;
  stop(): Promise<void>;
}

const BINARIES: Record<ProxyKind, string> = { nginx: '/usr/sbin/nginx', apache: '/usr/sbin/apache2', haproxy: '/usr/sbin/haproxy', caddy: '/usr/bin/caddy' };

/** The proxies missing on this machine (CI installs them; see .ci/run). */
export function missingProxies(): ProxyKind[] {
  return (Object.keys(BINARIES) as ProxyKind[]).filter((k) => !existsSync(BINARIES[k]));
}

/** A code block of docs/deployment.md by its language and a line it contains. */
export function printedConfig(language: string, containing: string): string {
  const doc = readFileSync(new URL('../../docs/deployment.md', import.meta.url), 'utf8');
  const block = [...doc.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!).find((b) => b.includes(containing));
  if (!block) throw new Error(`docs/deployment.md has no ${language} block with "${containing}"`);
  return block;
}

/** The printed block with the placeholders a reader replaces: port 80, the relay at 127.0.0.1:3000, the host name. */
function fill(block: string, port: number, upstream: number): string {
  return block
    .replace(/127\.0\.0\.1:3000/g, `127.0.0.1:${upstream}`)
    .replace('listen 80;', `listen 127.0.0.1:${port};`)
    .replace('<VirtualHost *:80>', `<VirtualHost 127.0.0.1:${port}>`)
    .replace('bind :80', `bind 127.0.0.1:${port}`)
    .replace('http://cams.example', `http://127.0.0.1:${port}`)
    .replace(/cams\.example/g, '127.0.0.1');
}

export async function startProxy(kind: ProxyKind, block: string, upstream: number): Promise<RunningProxy> {
  if (kind === 'nginx') {
    const nginx = await startNginx({ upstreamPort: upstream, websocket: false, httpConfig: (port) => fill(block, port, upstream) });
    return { url: nginx.url, stop: () => nginx.stop() };
  }
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), `camrelay-${kind}-`));
  const site = fill(block, port, upstream);
  let child: ChildProcess;
  if (kind === 'apache') {
    // The modules `a2enmod` would enable for the printed site (and the MPM Debian's own config loads).
    const modules = ['mpm_event', 'authz_core', 'proxy', 'proxy_http', 'proxy_wstunnel', 'rewrite'];
    const conf = [
      `ServerRoot ${dir}`,
      `PidFile ${path.join(dir, 'apache.pid')}`,
      `ErrorLog ${path.join(dir, 'error.log')}`,
      'LogLevel warn',
      `Listen 127.0.0.1:${port}`,
      'ServerName 127.0.0.1',
      ...modules.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`),
      site,
    ].join('\n');
    writeFileSync(path.join(dir, 'apache.conf'), conf);
    child = spawn(BINARIES.apache, ['-f', path.join(dir, 'apache.conf'), '-DFOREGROUND'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, APACHE_RUN_DIR: dir },
    });
  } else if (kind === 'haproxy') {
    writeFileSync(path.join(dir, 'haproxy.cfg'), `global\n  pidfile ${path.join(dir, 'haproxy.pid')}\n\n${site}`);
    child = spawn(BINARIES.haproxy, ['-db', '-f', path.join(dir, 'haproxy.cfg')], { stdio: ['ignore', 'ignore', 'pipe'] });
  } else {
    // No admin API on :2019, and Caddy's own data in the temp folder rather than the user's home.
    writeFileSync(path.join(dir, 'Caddyfile'), `{\n  admin off\n  storage file_system ${dir}\n}\n${site}`);
    child = spawn(BINARIES.caddy, ['run', '--config', path.join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
    });
  }
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => (clearTimeout(kill), resolve()));
        child.kill('SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Up once it accepts connections; an early exit ends the wait at once rather than at the deadline.
  const up = await waitFor(async () => (child.exitCode !== null ? 'exited' : (await accepts(port)) && 'up'), `${kind} to accept connections`, 10_000, 50).catch(
    () => 'timeout',
  );
  if (up !== 'up') {
    const log = existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
    await stop();
    throw new Error(`${kind} did not start: ${output}${log}`.trim());
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}
