import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { startReceiver, type Receiver } from './webhooks/receiver.js';
import type { LeftAlert, LoiterAlert } from '../../../server/events/event-record.js';

let server: TestServer | undefined;
let receiver: Receiver | undefined;

afterEach(async () => {
  await stopTestServer(server);
  await receiver?.close();
  server = undefined;
  receiver = undefined;
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

  it('posts loitering and leaving alerts to an Admin area rule that asks for them (#57)', async () => {
    receiver = await startReceiver([200]);
    server = await startTestServer({ modulesOff: ['recording', 'detection', 'offsite'] });
    const rule = { id: 'al1', enabled: true, url: `${receiver.url}/hook`, labels: ['person' as const], alerts: ['loitering' as const, 'left' as const] };
    server.provided.need('notifications').webhooks.put(rule);
    const object = { id: 5, label: 'person', tracked: 'person', score: 0.9, box: [1, 2, 3, 4] as [number, number, number, number], zones: ['Driveway'], at: 1 };
    const loiter: LoiterAlert = { object, zone: 'Driveway', forMs: 30_000, text: 'Person in Driveway for 30 s', at: 2 };
    const left: LeftAlert = { object, zone: 'Driveway', forMs: 120_000, text: 'Person left Driveway after 2 min', at: 3 };
    const events = server.provided.need('events');
    events.loitering('door', loiter);
    events.left('door', left);
    await waitFor(() => receiver!.received.length === 2, 'both alerts posted');
    expect(receiver.received.map((r) => JSON.parse(r.body) as { type: string; summary: string; objectId: number })).toMatchObject([
      { type: 'loitering', summary: 'Person in Driveway for 30 s', objectId: 5 },
      { type: 'left', summary: 'Person left Driveway after 2 min', objectId: 5 },
    ]);
  });
});
