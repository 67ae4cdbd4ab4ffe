/** The real programs as users start them, as child processes a test can kill. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { TEST_ADMIN } from './server.js';
import { waitFor } from './wait.js';

export interface Program {
  child: ChildProcess;
  output(): string;
  /** Kills it (SIGKILL unless told otherwise) and waits until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

function run(entry: string, args: string[], env: Record<string, string>): Program {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return {
    child,
    output: () => out,
    kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
  };
}

/** `npm start` on a given port; resolves once /healthz answers. */
export async function startServerProcess(port: number, dataDir: string, env: Record<string, string> = {}): Promise<Program> {
  const program = run('server/main.ts', [], {
    PORT: String(port),
    HOST: '127.0.0.1',
    CAMRELAY_DATA_DIR: dataDir,
    CAMRELAY_LOG_LEVEL: 'warn',
    CAMRELAY_ADMIN_PASSWORD: TEST_ADMIN.password,
    ...env,
  });
  const exited = () => program.child.exitCode !== null || program.child.signalCode !== null;
  await waitFor(async () => exited() || (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok, `the server on port ${port}`, 30_000, 100);
  // Ours that answered, not another test's server that took the port meanwhile (a restart on the same port, say).
  if (exited()) throw new Error(`the server on port ${port} exited (${program.child.exitCode ?? program.child.signalCode}): ${program.output().slice(-500)}`);
  return program;
}

/** `npm run capture` with the test pattern. */
export function startCaptureProcess(server: string, token: string, cameraId: string, extra: string[] = []): Program {
  return run('capture-client/main.ts', ['--server', server, '--camera', cameraId, '--token', token, '--source', 'test-pattern', '--fps', '10', ...extra], {});
}

/** A free loopback port (listen on 0, close, hand the number over). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** The processes whose parent is `pid`, with their command names (Linux: /proc). */
export function childProcesses(pid: number): Array<{ pid: number; comm: string }> {
  const found: Array<{ pid: number; comm: string }> = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone between the listing and the read
    }
    // pid (comm) state ppid …: the command name may hold spaces, so the fields are read after its ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) found.push({ pid: Number(name), comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) });
  }
  return found;
}
