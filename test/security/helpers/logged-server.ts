/** A test server whose pino log (at debug) goes to memory, so a test can search what was logged. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { startServer } from '../../../server/start-server.js';
import { DEFAULTS, type ServerConfig } from '../../../server/load-config.js';
import { TEST_ADMIN, type TestServer } from '../../helpers/server.js';

export interface LoggedServer extends TestServer {
  /** Everything logged so far, one JSON line per entry. */
  logText(): string;
}

/** Same config as startTestServer (stop it with stopTestServer), with the log kept in memory. */
export async function startLoggedServer(overrides: Partial<ServerConfig> = {}): Promise<LoggedServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(path.join(tmpdir(), 'camrelay-test-'));
  const config: ServerConfig = { ...DEFAULTS, host: '127.0.0.1', port: 0, logLevel: 'debug', dataDir, adminPassword: TEST_ADMIN.password, ...overrides };
  const lines: string[] = [];
  const server = await startServer(config, pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }));
  const adminAuth = { authorization: `Basic ${Buffer.from(`${TEST_ADMIN.username}:${TEST_ADMIN.password}`).toString('base64')}` };
  return Object.assign(server, { dataDir, config, adminAuth, logText: () => lines.join('') });
}
