/**
 * The relay as `npm start` runs it, in its own process, with its MQTT settings in the environment:
 * it logs the broker's state (the reason while it cannot connect, never the password), says
 * `online` again after the broker restarts, and when it is killed the broker says `offline` for it
 * (the last will), retained for whoever subscribes later.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LINK_DEFAULTS } from '../../server/mqtt/broker-link.js';
import { listen, mosquittoAvailable, startMosquitto, type Listener, type TestBroker } from '../helpers/mosquitto.js';
import { freePort, startServerProcess, type Program } from '../helpers/processes.js';
import { waitFor } from '../helpers/wait.js';

const PASSWORD = 'mqtt-password-never-logged';

describe.runIf(mosquittoAvailable())('the relay process and its last will', () => {
  let broker: TestBroker | undefined;
  let relay: Program | undefined;
  const listeners: Listener[] = [];
  let dataDir: string | undefined;

  afterEach(async () => {
    await relay?.kill();
    await Promise.all(listeners.splice(0).map((l) => l.close()));
    await broker?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    broker = relay = dataDir = undefined;
  });

  it('is online, logs the broker going away with the reason, is online after the restart, and offline when killed', { timeout: 90_000 }, async () => {
    broker = await startMosquitto({ users: { camrelay: PASSWORD } });
    dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-will-'));
    const l = await listen(broker.url, ['camrelay/available'], { username: 'camrelay', password: PASSWORD });
    listeners.push(l);
    relay = await startServerProcess(await freePort(), dataDir, {
      CAMRELAY_MQTT: JSON.stringify({ url: broker.url, username: 'camrelay' }),
      CAMRELAY_MQTT_PASSWORD: PASSWORD,
      CAMRELAY_LOG_LEVEL: 'info',
    });
    await l.next('camrelay/available', (m) => m.text === 'online');
    await waitFor(() => relay!.output().includes('"msg":"mqtt connected"'), 'the connection in the log');

    const since = l.heard.length;
    await broker.stop();
    const line = await waitFor(
      () =>
        relay!
          .output()
          .split('\n')
          .find((s) => s.includes('"msg":"mqtt connecting"')),
      'the lost connection in the log',
    );
    expect(JSON.parse(line)).toMatchObject({ name: 'camrelay:mqtt', err: expect.any(String), retryInMs: 1000 });
    await broker.start();
    // The listener reconnects by itself; the relay after its wait (1 s, then 2 s... up to 30 s).
    await l.next('camrelay/available', (m) => m.text === 'online', since, LINK_DEFAULTS.maxBackoffMs + 5000);

    const killedAt = l.heard.length;
    await relay.kill('SIGKILL');
    await l.next('camrelay/available', (m) => m.text === 'offline', killedAt);
    const late = await listen(broker.url, ['camrelay/available'], { username: 'camrelay', password: PASSWORD });
    listeners.push(late);
    const retained = await late.next('camrelay/available');
    expect([retained.text, retained.retain]).toEqual(['offline', true]);
    expect(relay.output()).not.toContain(PASSWORD);
  });
});
