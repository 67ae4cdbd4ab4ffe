import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { startReceiver, type Receiver } from './webhooks/receiver.js';
import type { LeftAlert, LoiterAlert } from '../../../server/events/event-record.js';
import type { AlertFields } from '../../../server/events/alert-fields.js';
import { RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { sceneJpeg } from '../recording/motion/scene.js';

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

  it('gives an alert after its event ended that event’s snapshot, served to a signed-in viewer, and none once the object left (#57)', async () => {
    receiver = await startReceiver([200]);
    server = await startTestServer({ recording: RECORDING_DEFAULTS });
    const s = server;
    s.provided.need('notifications').webhooks.put({ id: 'al1', enabled: true, url: `${receiver.url}/hook`, labels: ['person'], alerts: ['loitering', 'left'] });
    const posted = () => receiver!.received.map((r) => JSON.parse(r.body) as AlertFields);

    // A person comes while motion lasts, then stands still: motion, and the event, end.
    const t = Date.now();
    s.recording.motion('drive', { type: 'start', at: t, score: 5 });
    await waitFor(() => s.recording.events.current('drive'), 'the event under way');
    const object = {
      id: 7,
      label: 'person',
      tracked: 'person',
      score: 0.8,
      box: [1, 2, 3, 4] as [number, number, number, number],
      zones: ['Driveway'],
      at: t + 5,
    };
    const jpeg = await sceneJpeg({ square: { x: 10, y: 10 } });
    s.recording.events.objects('drive', { started: [object], at: t + 5, jpeg, boxes: { width: 640, height: 360, boxes: [] } });
    const eventId = s.recording.events.current('drive')!.id;
    s.recording.motion('drive', { type: 'end', at: t + 10 });
    await s.recording.events.idle();
    expect(s.recording.events.current('drive')).toBeNull();

    const events = s.provided.need('events');
    const loiter: LoiterAlert = { object, zone: 'Driveway', forMs: 30_000, text: 'Person in Driveway for 30 s', at: t + 30_005 };
    events.loitering('drive', loiter);
    await waitFor(() => posted().length === 1, 'the loitering posted');
    const snapshot = `/api/cameras/drive/events/${eventId}/snapshot.jpg`;
    expect(posted()[0]).toMatchObject({
      type: 'loitering',
      objectId: 7,
      eventId,
      snapshotUrl: snapshot,
      thumbnailUrl: snapshot.replace('snapshot', 'thumbnail'),
    });

    // The URL works for a signed-in viewer of the camera, as every event picture does, and for no one else.
    const picture = await fetch(`${s.url}${snapshot}`, { headers: s.adminAuth });
    expect([picture.status, picture.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    expect(Buffer.from(await picture.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect((await fetch(`${s.url}${snapshot}`)).status).toBe(401);

    // Its leaving carries the picture too; after it, and for an object of no event, there is none.
    const left: LeftAlert = { object, zone: 'Driveway', forMs: 60_000, text: 'Person left Driveway after 1 min', at: t + 60_005 };
    events.left('drive', left);
    events.loitering('drive', { ...loiter, at: t + 61_000 });
    events.loitering('drive', { ...loiter, object: { ...object, id: 8 } });
    await waitFor(() => posted().length === 4, 'the leaving and two more stays posted');
    expect(posted().map((b) => [b.type, b.objectId, b.snapshotUrl])).toEqual([
      ['loitering', 7, snapshot],
      ['left', 7, snapshot],
      ['loitering', 7, null],
      ['loitering', 8, null],
    ]);
  });
});
