/**
 * The settings page's Home Assistant section (#42) in Chromium, signed in as the admin, against a real relay with RTSP
 * on, a real capture client and a real mosquitto: it says MQTT is not set, then, the broker given in its form,
 * "connected" and the camera discovery announced; it gives the Generic Camera's URLs (the still image one answers a
 * JPEG; "Make a token" puts a working stream token in the stream source); Notifications points here; nothing is cut
 * off at 1280×800 or 390×844. CAMRELAY_SHOTS=<folder> saves ha-section-<width>.png (the top) and
 * ha-section-urls-<width>.png (the Generic Camera's URLs) there.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { openSettings, SHOTS, textBecomes } from '../helpers/admin-page.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { mosquittoAvailable, startMosquitto, type TestBroker } from '../helpers/mosquitto.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { cutOff } from '../helpers/settings-cut-off.js';

describe.runIf(browserAvailable() && mosquittoAvailable())('the Home Assistant section (#42) in Chromium, with mosquitto', () => {
  const browser = useBrowser();
  let broker: TestBroker;
  let server: TestServer;
  let camera: TestCamera;
  let monitor: MonitorPage;

  beforeAll(async () => {
    broker = await startMosquitto();
    server = await startTestServer({ rtspPort: 0 });
    camera = await startCamera(server.url, server.captureToken, 'front-door', { fps: 5 });
    monitor = await openMonitor(browser(), server.url);
  });
  afterAll(async () => {
    await monitor?.close();
    camera?.stop();
    await stopTestServer(server);
    await broker?.close();
  });

  it('says MQTT is not set, then connected with the camera announced once the broker is given, and what it costs', async () => {
    const { page } = monitor;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.url}/#/settings/home-assistant`);
    expect(await textBecomes(page, 'ha-mqtt', /^MQTT: not set/)).toBe(
      'MQTT: not set. Give the broker below (the one Home Assistant uses) and Home Assistant finds the cameras by itself.',
    );
    expect(await page.textContent('[data-testid="ha-discovery"]')).toBe('Discovery: waits for MQTT.');
    await page.fill('[data-testid="mqtt-url"]', broker.url);
    await page.click('[data-testid="mqtt-save"]');
    expect(await textBecomes(page, 'ha-mqtt', /^MQTT: connected/)).toBe(`MQTT: connected to ${broker.url} (set below).`);
    expect(await textBecomes(page, 'ha-discovery', /announced: /)).toBe('Discovery: on, prefix homeassistant: 1 camera announced: front-door.');
    expect(await page.textContent('[data-testid="ha-cost"]')).toMatch(/^Each camera's newest picture goes to the broker every 10 s/);
    expect(await textBecomes(page, 'mqtt-state', /^Connected/)).toBe('Connected to the broker.');
  });

  it("gives the Generic Camera's still image URL, which answers a picture, and a stream source that gets a token of its own", async () => {
    const { page } = monitor;
    const block = '[data-testid="ha-camera"][data-camera-id="front-door"]';
    await page.waitForSelector(`${block} [data-testid="ha-stream-source"]`);
    const still = await page.inputValue(`${block} [data-testid="ha-still-url"]`);
    expect(still).toBe(`${server.url}/api/cameras/front-door/snapshot.jpg?width=640`);
    const picture = await page.request.get(still);
    expect([picture.status(), picture.headers()['content-type']]).toEqual([200, 'image/jpeg']);
    const rtspPort = server.provided.get('streams')!.rtspPort!;
    expect(await page.inputValue(`${block} [data-testid="ha-stream-source"]`)).toBe(`rtsp://127.0.0.1:${rtspPort}/front-door?token=STREAM-TOKEN`);
    await page.click(`${block} [data-testid="ha-make-token"]`);
    expect(await textBecomes(page, 'ha-token-note', /was made/, block)).toMatch(
      /^A stream token "home-assistant" was made for front-door: copy the stream source now/,
    );
    const source = await page.inputValue(`${block} [data-testid="ha-stream-source"]`);
    expect(source).toMatch(new RegExp(`^rtsp://127\\.0\\.0\\.1:${rtspPort}/front-door\\?token=[\\w-]{20,}$`));
    const tokens = await page.request.get(`${server.url}/api/cameras/front-door/stream-tokens`);
    expect(((await tokens.json()) as { tokens: { label: string }[] }).tokens.map((t) => t.label)).toEqual(['home-assistant']);
    // Left and opened again, the section shows the placeholder: the token was shown once.
    await page.goto(`${server.url}/#/settings/streams`);
    await page.goto(`${server.url}/#/settings/home-assistant`);
    await page.waitForFunction(
      (sel) => document.querySelector<HTMLTextAreaElement>(sel)?.value.endsWith('token=STREAM-TOKEN'),
      `${block} [data-testid="ha-stream-source"]`,
    );
  });

  it('is pointed to from Notifications, and has nothing cut off at 1280×800 and 390×844', async () => {
    const { page } = monitor;
    await openSettings(page, 'notifications');
    expect(await page.textContent('[data-testid="notify-mqtt-moved"]')).toBe(
      'The MQTT broker (motion events on MQTT, Home Assistant’s devices) is set under Home Assistant.',
    );
    await page.click('[data-testid="notify-mqtt-link"]');
    await page.waitForSelector('[data-testid="settings-home-assistant"]', { state: 'visible' });
    expect(await page.evaluate(() => location.hash)).toBe('#/settings/home-assistant');
    await textBecomes(page, 'ha-discovery', /announced: /);
    for (const [width, height] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      expect(await cutOff(page)).toEqual([]);
      if (SHOTS) {
        await page.evaluate(() => scrollTo(0, 0));
        await page.screenshot({ path: path.join(SHOTS, `ha-section-${width}.png`) });
        await page.locator('[data-testid="ha-cameras"]').scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(SHOTS, `ha-section-urls-${width}.png`) });
      }
    }
  });
});
