/**
 * The module demonstration end to end: a server feature that is one folder
 * (test/fixtures/modules/uptime) plus one table line, with its setting read from flags and
 * environment, its route served, its metric scraped and its close called on shutdown.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/load-config.js';
import { modules } from '../../../server/module-table.js';
import { uptime } from '../../fixtures/modules/uptime/index.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../helpers/server.js';

const table = [...modules, uptime];

describe('the uptime demonstration module', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await stopTestServer(server);
    server = undefined;
  });

  it('has its setting read from a flag and from the environment, and a bad value refused by name', () => {
    expect(loadConfig(['--uptime-round-ms', '500'], {}, table).config).toMatchObject({ uptimeRoundMs: 500 });
    expect(loadConfig([], { CAMRELAY_UPTIME_ROUND_MS: '250' }, table).config).toMatchObject({ uptimeRoundMs: 250 });
    expect(loadConfig([], {}, table).config).toMatchObject({ uptimeRoundMs: 1000 });
    expect(() => loadConfig(['--uptime-round-ms', '0'], {}, table)).toThrow('--uptime-round-ms="0" is not valid: the minimum is 1.');
  });

  it('is unknown to the server without its table line', () => {
    expect(() => loadConfig(['--uptime-round-ms', '500'], {})).toThrow(/uptime-round-ms/);
  });

  it('serves its route, registers its metric and is closed on shutdown, with one table line', async () => {
    // The config as `npm start` builds it from flags, the module's own among them.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-uptime-'));
    const flags = ['--uptime-round-ms', '7', '--host', '127.0.0.1', '--port', '0', '--log-level', 'silent', '--data-dir', dataDir];
    const { config } = loadConfig([...flags, '--admin-password', TEST_ADMIN.password], {}, table);
    server = await startTestServer(config, table);
    const auth = server.adminAuth;
    const answer = await fetch(`${server.url}/api/uptime`, { headers: auth });
    expect(answer.status).toBe(200);
    const { uptimeMs } = (await answer.json()) as { uptimeMs: number };
    expect(uptimeMs % 7).toBe(0);
    expect((await fetch(`${server.url}/api/uptime`)).status).toBe(401);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: auth })).text();
    expect(metrics).toMatch(/^camrelay_demo_uptime_seconds \d/m);
    const offer = server.provided.get('uptime')!;
    expect(offer.closed).toBe(false);
    await stopTestServer(server);
    expect(offer.closed).toBe(true);
    server = undefined;
  });
});
