/**
 * What most MQTT tests start: a real mosquitto, a listener on it, a relay publishing to it (pictures
 * on events only) and a capture client; each stopped after the test, the camera first and the broker last.
 */
import { afterEach } from 'vitest';
import type { ServerConfig } from '../../server/load-config.js';
import type { TableLine } from '../../server/modules/module.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { listen, mqttSetting, startMosquitto, type Listener, type TestBroker } from '../helpers/mosquitto.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';

export interface MqttScene {
  /** A broker, a listener on `topics`, and a relay with `config` publishing to the broker. */
  start(
    topics: string[],
    config?: Partial<ServerConfig>,
    table?: readonly TableLine[],
  ): Promise<{ broker: TestBroker; listener: Listener; server: TestServer }>;
  /** A capture client of the relay started last. */
  camera(...args: Parameters<typeof startCamera>): Promise<TestCamera>;
}

/** Call inside a `describe`: what each test starts is stopped after it. */
export function mqttScene(): MqttScene {
  let held: { broker?: TestBroker; server?: TestServer; listener?: Listener; camera?: TestCamera } = {};
  afterEach(async () => {
    const { broker, server, listener, camera } = held;
    held = {};
    camera?.stop();
    await listener?.close();
    await stopTestServer(server);
    await broker?.close();
  });
  return {
    async start(topics, config = {}, table) {
      const broker = (held.broker = await startMosquitto());
      const listener = (held.listener = await listen(broker.url, topics));
      const server = (held.server = await startTestServer({ ...config, mqtt: mqttSetting(broker.url, { snapshotSeconds: 0 }) }, table));
      return { broker, listener, server };
    },
    camera: async (...args) => (held.camera = await startCamera(...args)),
  };
}
