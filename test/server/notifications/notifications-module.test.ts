import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';

let server: TestServer | undefined;

afterEach(async () => {
  await stopTestServer(server);
  server = undefined;
});

describe('notifications', () => {
  describe('with recording switched off (CAMRELAY_MODULES_OFF=recording,detection,offsite)', () => {
    it('still holds the config file’s webhooks and gives their series in /metrics', async () => {
      server = await startTestServer({ modulesOff: ['recording', 'detection', 'offsite'] });
      const metrics = await (await fetch(`${server.url}/metrics`, { headers: server.adminAuth })).text();
      expect(metrics).toMatch(/^camrelay_webhook_queue 0$/m);
      expect(metrics).toMatch(/^camrelay_webhook_deliveries_total\{outcome="delivered"\} 0$/m);
      expect(server.provided.need('notifications').fileWebhooks.queued).toBe(0);
    });
  });
});
