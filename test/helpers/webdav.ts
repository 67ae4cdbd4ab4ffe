/**
 * A real WebDAV server: Debian's Apache with mod_dav and mod_dav_fs, on a free loopback port with a
 * config of its own in a temp folder, basic auth from an htpasswd file, and not root (as root it is
 * started as nobody). It can be stopped and started again on the same port (a remote's outage), and
 * `rcloneConf` is what a user's `rclone config` writes for it: `type = webdav`, `vendor = other`,
 * the password obscured by `rclone obscure`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { accepts } from './nginx.js';
import { freePort } from './processes.js';
import { waitFor } from './wait.js';

const APACHE = '/usr/sbin/apache2';
const HTPASSWD = '/usr/bin/htpasswd';
export const RCLONE = '/usr/bin/rclone';
const MODULES = ['mpm_event', 'authz_core', 'authn_core', 'authn_file', 'auth_basic', 'authz_user', 'alias', 'dav', 'dav_fs'];

/** Apache, htpasswd and rclone are here; missing, the off-site tests are skipped loudly (a failure under CI=true: .ci/run installs them). */
export function webdavAvailable(): boolean {
  const missing = [APACHE, HTPASSWD, RCLONE].filter((f) => !existsSync(f));
  if (missing.length === 0) return true;
  const msg = `No ${missing.join(', ')} (apt-get install apache2 apache2-utils rclone): off-site tests are SKIPPED.`;
  if (process.env.CI === 'true') throw new Error(`${msg} Under CI=true this is a failure.`);
  console.warn(`\n*** ${msg} ***\n`);
  return false;
}

export interface WebdavServer {
  /** The WebDAV root as rclone's `url` takes it. */
  url: string;
  user: string;
  password: string;
  /** The folder on disk that the WebDAV root serves. */
  files: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
  /** An rclone.conf holding remote `name` for this server. */
  rcloneConf(name: string): string;
}

export async function startWebdav(user = 'camrelay', password = 'dav-password-1'): Promise<WebdavServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-webdav-'));
  const files = path.join(dir, 'files');
  mkdirSync(files);
  // Apache runs as nobody when this test runs as root: it must reach and write its folder.
  for (const d of [dir, files]) chmodSync(d, 0o777);
  execFileSync(HTPASSWD, ['-bc', path.join(dir, 'htpasswd'), user, password], { stdio: 'pipe' });
  const conf = [
    `ServerRoot ${dir}`,
    `PidFile ${path.join(dir, 'apache.pid')}`,
    `ErrorLog ${path.join(dir, 'error.log')}`,
    'LogLevel warn',
    `Listen 127.0.0.1:${port}`,
    'ServerName 127.0.0.1',
    ...MODULES.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`),
    `DavLockDB ${path.join(dir, 'davlock')}`,
    `Alias /dav ${files}`,
    `<Directory ${files}>`,
    '  Dav On',
    '  AuthType Basic',
    '  AuthName "camrelay evidence"',
    `  AuthUserFile ${path.join(dir, 'htpasswd')}`,
    '  Require valid-user',
    '</Directory>',
  ].join('\n');
  writeFileSync(path.join(dir, 'apache.conf'), conf + '\n');
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  let child: ChildProcess | null = null;
  let output = '';
  const server: WebdavServer = {
    url: `http://127.0.0.1:${port}/dav`,
    user,
    password,
    files,
    async start() {
      child = spawn(APACHE, ['-f', path.join(dir, 'apache.conf'), '-DFOREGROUND'], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, APACHE_RUN_DIR: dir },
        ...asNobody,
      });
      const c = child;
      c.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      const up = await waitFor(async () => (c.exitCode !== null ? 'exited' : (await accepts(port)) && 'up'), 'apache to accept connections', 15_000, 50).catch(
        () => 'timeout',
      );
      if (up !== 'up') {
        const log = existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
        throw new Error(`apache did not start: ${output}${log}`.trim());
      }
    },
    async stop() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => c.kill('SIGKILL'), 5000);
        c.once('exit', () => (clearTimeout(kill), resolve()));
        c.kill('SIGTERM');
      });
      // Its workers go with it: the port refuses connections before the outage is tested.
      await waitFor(async () => !(await accepts(port)), 'apache to stop accepting connections', 10_000, 50);
    },
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    rcloneConf(name) {
      const obscured = execFileSync(RCLONE, ['obscure', password], { encoding: 'utf8' }).trim();
      return [`[${name}]`, 'type = webdav', `url = ${server.url}`, 'vendor = other', `user = ${user}`, `pass = ${obscured}`, ''].join('\n');
    },
  };
  await server.start();
  return server;
}
