/** `npm start`: validates the config, builds the dashboard when needed, serves, and says how to connect. */
import { CamrelayError } from '../shared/errors.js';
import { banner } from './banner.js';
import { startServer } from './start-server.js';
import { loadConfig, usage } from './config.js';
import { ensureDashboardBuilt } from './dashboard.js';
import { captureBuilt } from './downloads.js';
import { lanAddresses } from './lan.js';
import { createLogger } from './log.js';
import { VERSION } from './version.js';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = loadConfig(process.argv.slice(2));
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
  // The demo camera is a capture client like any other, started by this entry point beside the
  // relay (never by the relay itself), and loaded only when asked for.
  const demo = config.demo
    ? await (await import('../capture-client/demo-camera.js')).startDemoCamera(`http://127.0.0.1:${server.port}`, server.captureToken)
    : null;

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
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof CamrelayError) console.error(`camrelay: ${err.message}`);
  else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
    console.error(`camrelay: the port is already in use (${(err as Error).message}); set PORT or --port.`);
  else console.error(err);
  process.exit(1);
});
