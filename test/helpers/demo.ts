/**
 * `npm run demo` as the README prints it (npm and its script), on a free port through PORT and a fresh data folder,
 * in its own process group (npm starts tsx, which starts node: the group goes down together). What it printed is
 * kept, as a person reads it off the terminal.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './processes.js';
import { waitFor } from './wait.js';

export interface Demo {
  url: string;
  /** What it printed so far, stdout and stderr. */
  output: () => string;
  /** Ends the whole group and removes the data folder. */
  stop: () => Promise<void>;
}

/** Starts the demo and waits for its relay to answer; `adminPassword` undefined: none set, so it makes and prints one. */
export async function startDemo(adminPassword?: string): Promise<Demo> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-demo-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', CAMRELAY_DATA_DIR: dataDir };
  if (adminPassword === undefined) delete env.CAMRELAY_ADMIN_PASSWORD;
  else env.CAMRELAY_ADMIN_PASSWORD = adminPassword;
  const child = spawn('npm', ['run', 'demo'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok,
      `the demo relay on port ${port}\n${output}`,
      60_000,
      100,
    );
    return { url: `http://127.0.0.1:${port}`, output: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
