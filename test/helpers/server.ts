/** Starts a real relay on a free loopback port with its own data folder, and cleans up after. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { startServer, type RunningServer } from '../../server/start-server.js';
import { DEFAULTS, type ServerConfig } from '../../server/load-config.js';
import type { TableLine } from '../../server/modules/module.js';

export interface TestServer extends RunningServer {
  dataDir: string;
  config: ServerConfig;
  /** `Authorization: Basic …` of the test admin, for fetch calls. */
  adminAuth: { authorization: string };
}

/** The first admin of every test server. */
export const TEST_ADMIN = { username: 'admin', password: 'test-admin-password' };

/** `table`: a module table other than the server's own (a test module added to it). */
export async function startTestServer(overrides: Partial<ServerConfig> = {}, table?: readonly TableLine[]): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(path.join(tmpdir(), 'camrelay-test-'));
  // RTSP off unless a test asks (rtspPort: 0): servers started side by side must not race for 8554.
  const config: ServerConfig = {
    ...DEFAULTS,
    host: '127.0.0.1',
    port: 0,
    rtspPort: null,
    logLevel: 'silent',
    dataDir,
    adminPassword: TEST_ADMIN.password,
    ...overrides,
  };
  const server = await startServer(config, pino({ level: process.env.CAMRELAY_TEST_LOG ?? 'silent' }), table);
  const adminAuth = { authorization: `Basic ${Buffer.from(`${TEST_ADMIN.username}:${TEST_ADMIN.password}`).toString('base64')}` };
  return Object.assign(server, { dataDir, config, adminAuth });
}

export async function stopTestServer(server: TestServer | undefined, removeData = true): Promise<void> {
  if (!server) return;
  await server.close();
  if (removeData) rmSync(server.dataDir, { recursive: true, force: true });
}

/**
 * Counts, per Engine.IO connection id, the packets that carried a JPEG inside Socket.IO: written
 * pre-encoded (the WebSocket fast path) or as a plain binary attachment.
 */
export function countFramePackets(server: RunningServer): { preEncoded: Map<string, number>; plain: Map<string, number> } {
  const counts = { preEncoded: new Map<string, number>(), plain: new Map<string, number>() };
  const add = (m: Map<string, number>, id: string) => m.set(id, (m.get(id) ?? 0) + 1);
  server.io.engine.on(
    'connection',
    (conn: { id: string; on(e: 'packetCreate', l: (p: { data?: unknown; options?: { wsPreEncodedFrame?: unknown } }) => void): void }) => {
      conn.on('packetCreate', (p) => {
        if (p.options?.wsPreEncodedFrame) add(counts.preEncoded, conn.id);
        else if (Buffer.isBuffer(p.data)) add(counts.plain, conn.id);
      });
    },
  );
  return counts;
}
