/**
 * The relay as a program: validates the config, builds the dashboard when needed, serves, says how
 * to connect, and stops on SIGINT/SIGTERM. `npm start` runs it alone (main.ts); `npm run demo`
 * runs it with the demo camera beside it (tools/demo.ts).
 */
import { CamrelayError } from '../shared/errors.js';
import { banner } from './banner.js';
import { startServer } from './start-server.js';
import { loadConfig, usage } from './load-config.js';
import { ensureDashboardBuilt } from './http/dashboard.js';
import { captureBuilt } from './downloads/downloads.js';
import { lanAddresses } from './http/lan.js';
import { createLogger } from './log.js';
import { VERSION } from './version.js';
import { own } from '../common/own.js';

/** A program run in the same process beside the relay once it listens, and stopped before it. */
export type Beside = (server: { port: number; captureToken: string }) => Promise<{ stop(): Promise<void> }>;

/** `demo`: what `--demo` (CAMRELAY_DEMO) starts; only the program that runs the demo camera gives it. */
export async function runRelay(argv: string[], beside: { demo?: Beside } = {}): Promise<void> {
  try {
    await run(argv, beside);
  } catch (err) {
    if (err instanceof CamrelayError) console.error(`camrelay: ${err.message}`);
    else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      console.error(`camrelay: the port is already in use (${(err as Error).message}); set PORT or --port.`);
    else console.error(err);
    process.exit(1);
  }
}

async function run(argv: string[], beside: { demo?: Beside }): Promise<void> {
  let parsed;
  try {
    parsed = loadConfig(argv);
  } catch (err) {
    console.error(`camrelay: ${(err as Error).message}`);
    process.exit(2);
  }
  if (parsed.help) return void console.log(usage());
  if (parsed.version) return void console.log(VERSION);
  const { config } = parsed;
  const log = createLogger(config.logLevel);
  await ensureDashboardBuilt({ info: (m) => log.info(m) });
  const server = await startServer(config, log);
  console.log(
    banner({
      url: server.url,
      port: server.port,
      secure: Boolean(config.tlsCert),
      lan: config.host === '0.0.0.0' ? lanAddresses() : [],
      token: server.captureToken,
      tokenFile: server.tokenGenerated ? `${config.dataDir}/capture-token` : null,
      adminPassword: server.generatedAdminPassword,
      captureBuilt: captureBuilt(),
    }),
  );
  // The demo camera is a capture client like any other, started beside the relay (never by the
  // relay itself) by the program that brings it: the server imports no capture client.
  if (config.demo && !beside.demo) log.warn('--demo: the demo camera comes with npm run demo; this program runs the relay alone');
  const demo = config.demo && beside.demo ? await beside.demo(server) : null;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    await demo?.stop();
    await server.close();
    process.exit(0);
  };
  // A close that fails still ends the process: a second signal would otherwise find it half closed.
  const exitAnyway = (err: Error) => {
    console.error(`camrelay: closing failed: ${err.message}`);
    process.exit(1);
  };
  process.on('SIGINT', () => own(stop('SIGINT'), exitAnyway));
  process.on('SIGTERM', () => own(stop('SIGTERM'), exitAnyway));
}
