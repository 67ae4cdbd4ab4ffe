/**
 * A command sent with the retain flag is kept by the broker and handed over again at every
 * subscribe: a retained `continuous` once switched recording at each reconnect (#55). The relay
 * refuses it, says so once on `<camera>/refused`, and still carries out the same command unretained.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MqttAttached } from '../../server/mqtt/index.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { listen, mosquittoAvailable, mqttSetting, startMosquitto, type Listener, type TestBroker } from '../helpers/mosquitto.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

/** `camrelay_mqtt_commands_total{outcome}`, as /metrics gives it. */
async function commands(s: TestServer, outcome: 'done' | 'refused'): Promise<number> {
  const text = await (await fetch(`${s.url}/metrics`, { headers: s.adminAuth })).text();
  return Number(new RegExp(`^camrelay_mqtt_commands_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
}

const recordingOff = { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'off' as const, format: 'jpeg' as const } };

describe.runIf(mosquittoAvailable())('the mqtt module and retained commands', () => {
  let broker: TestBroker | undefined;
  let proxy: FaultProxy | undefined;
  let server: TestServer | undefined;
  let listener: Listener | undefined;
  let camera: TestCamera | undefined;

  afterEach(async () => {
    camera?.stop();
    await listener?.close();
    await stopTestServer(server);
    await proxy?.close();
    await broker?.close();
    broker = proxy = server = listener = camera = undefined;
  });

  it(
    'refuses a retained recording command at connect and at every reconnect, says it once, and carries out the same command unretained',
    { timeout: 120_000 },
    async () => {
      broker = await startMosquitto();
      proxy = await FaultProxy.start(broker.port);
      const l = (listener = await listen(broker.url, ['camrelay/#']));
      await l.client.publishAsync('camrelay/porch/recording/set', 'continuous', { qos: 1, retain: true });

      const s = (server = await startTestServer({ mqtt: mqttSetting(`mqtt://127.0.0.1:${proxy.port}`, { allowCommands: true }), recording: recordingOff }));
      const mqtt = s.provided.get('mqtt') as MqttAttached;
      camera = await startCamera(s.url, s.captureToken, 'porch', { fps: 10 });
      await l.next('camrelay/porch/recording', (m) => m.text === 'OFF');
      // Its first connect heard the command too: refused, as an unknown camera's or as a retained one.
      await waitFor(async () => (await commands(s, 'refused')) === 1, 'the first connect’s command refused', 20_000);

      // A message under way when the link drops is lost (publish-queue.ts): each cut waits for the relay's to be acknowledged.
      const settled = () => waitFor(() => mqtt.queue!.size === 0, 'the relay’s messages acknowledged', 20_000);
      // Each cut is a reconnect, and each reconnect hands the retained command over again.
      for (const connects of [2, 3]) {
        await settled();
        proxy.cutAll();
        await waitFor(
          async () => mqtt.link!.status.connects === connects && (await commands(s, 'refused')) === connects,
          `reconnect ${connects} and its refusal`,
          20_000,
        );
        expect(s.recording.settingsOf('porch').mode).toBe('off');
      }
      const refusal = await l.next('camrelay/porch/refused');
      expect(JSON.parse(refusal.text)).toMatchObject({ command: 'recording', error: 'MQTT_RETAINED_COMMAND' });

      // The same command unretained is carried out; what the relay published before it is in by then.
      const since = l.heard.length;
      await l.client.publishAsync('camrelay/porch/recording/set', 'continuous', { qos: 1 });
      await l.next('camrelay/porch/recording/mode', (m) => m.text === 'continuous', since);
      expect(s.recording.settingsOf('porch').mode).toBe('continuous');
      expect(await commands(s, 'done')).toBe(1);
      expect(l.heard.filter((m) => m.topic === 'camrelay/porch/refused' && m.text.includes('MQTT_RETAINED_COMMAND'))).toHaveLength(1);

      // Cleared on the broker (an empty retained message), and retained again: said again, still not carried out.
      await l.client.publishAsync('camrelay/porch/recording/set', '', { qos: 1, retain: true });
      await l.client.publishAsync('camrelay/porch/recording/set', 'off', { qos: 1, retain: true });
      await waitFor(async () => (await commands(s, 'done')) === 2, 'the live retained "off" carried out once (MQTT 3.1.1 forwards it unflagged)', 20_000);
      await settled();
      proxy.cutAll();
      await waitFor(async () => mqtt.link!.status.connects === 4 && (await commands(s, 'refused')) === 4, 'reconnect 4 and its refusal', 20_000);
      await waitFor(() => l.heard.filter((m) => m.topic === 'camrelay/porch/refused').length === 2, 'the new retained command’s refusal', 20_000);
      expect(await commands(s, 'done')).toBe(2);
    },
  );
});
