/** Loitering and leaving alerts (#57) from the events module to a real mosquitto, on their own topic, with the words notifications say. */
import { afterEach, describe, expect, it } from 'vitest';
import type { LeftAlert, LoiterAlert } from '../../server/events/event-record.js';
import type { AlertMessage } from '../../server/mqtt/event-message.js';
import { listen, mosquittoAvailable, mqttSetting, startMosquitto, type Listener, type TestBroker } from '../helpers/mosquitto.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';

const object = { id: 5, label: 'person', tracked: 'person', score: 0.9, box: [1, 2, 3, 4] as [number, number, number, number], zones: ['Driveway'], at: 1000 };

describe.runIf(mosquittoAvailable())('object alerts over MQTT', () => {
  let broker: TestBroker | undefined;
  let server: TestServer | undefined;
  let listener: Listener | undefined;

  afterEach(async () => {
    await listener?.close();
    await stopTestServer(server);
    await broker?.close();
    broker = server = listener = undefined;
  });

  it('publishes a stay and a leaving on <prefix>/<camera>/alert, a leaving from no zone told by the camera', async () => {
    broker = await startMosquitto();
    listener = await listen(broker.url, ['camrelay/+/alert']);
    server = await startTestServer({ mqtt: mqttSetting(broker.url, { snapshotSeconds: 0 }) });
    const events = server.provided.need('events');
    const loiter: LoiterAlert = { object, zone: 'Driveway', forMs: 30_000, text: 'Person in Driveway for 30 s', at: 31_000 };
    const left: LeftAlert = { object, zone: null, forMs: 120_000, text: 'Person left door after 2 min', at: 121_000 };
    events.loitering('door', loiter);
    events.left('door', left);
    const first = JSON.parse((await listener.next('camrelay/door/alert')).text) as AlertMessage;
    const second = JSON.parse((await listener.next('camrelay/door/alert', (m) => m.text.includes('"type":"left"'))).text) as AlertMessage;
    expect(first).toEqual({
      type: 'loitering',
      camera: 'door',
      summary: 'Person in Driveway for 30 s',
      objectId: 5,
      object,
      labels: ['person'],
      zone: 'Driveway',
      forMs: 30_000,
      at: 31_000,
      eventUrl: `${server.url}/#/camera/door/at/1000`,
    });
    // No camera named door is known here: its id is its name.
    expect(second).toMatchObject({ type: 'left', summary: 'Person left door after 2 min', objectId: 5, zone: null });
  }, 60_000);
});
