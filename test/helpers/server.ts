/** Starts a real relay on a free loopback port with its own data folder, and cleans up after. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { startServer, type RunningServer } from '../../server/app.js';
import { DEFAULTS, type ServerConfig } from '../../server/config.js';

export interface TestServer extends RunningServer {
  dataDir: string;
  config: ServerConfig;
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(path.join(tmpdir(), 'camrelay-test-'));
  const config: ServerConfig = { ...DEFAULTS, host: '127.0.0.1', port: 0, logLevel: 'silent', dataDir, ...overrides };
  const server = await startServer(config, pino({ level: process.env.CAMRELAY_TEST_LOG ?? 'silent' }));
  return Object.assign(server, { dataDir, config });
}

export async function stopTestServer(server: TestServer | undefined, removeData = true): Promise<void> {
  if (!server) return;
  await server.close();
  if (removeData) rmSync(server.dataDir, { recursive: true, force: true });
}
