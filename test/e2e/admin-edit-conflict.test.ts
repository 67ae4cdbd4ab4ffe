/**
 * Two admins editing one section, in Chromium, each in their own page (a camera's recording, an IP
 * camera, MQTT, a webhook, a camera's detection): Ana saves first; Ben's save is refused beside his Save button with Ana's
 * name, his values still in the form, and "Save mine anyway" saves them. A value the relay refuses
 * shows under its own field.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectionAnswer } from '../../shared/detection.js';
import { openSettings, SHOTS } from '../helpers/admin-page.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { openMonitor, type MonitorPage } from '../helpers/monitor-page.js';
import { stopTestServer, type TestServer } from '../helpers/server.js';
import { ANA, BEN, sendAs, startTwoAdmins } from '../helpers/two-admins.js';
import { waitFor } from '../helpers/wait.js';

const fold = '[data-testid="rec-list"] details[data-camera-id="porch"]';
const at = (testId: string) => `${fold} [data-testid="${testId}"]`;

/** Opens the porch camera's form on the Recording section. */
async function openForm(page: Page): Promise<void> {
  await openSettings(page, 'recording');
  await page.waitForSelector(`${fold} summary`);
  await page.click(`${fold} summary`);
  await page.waitForSelector(at('rec-save'), { state: 'visible' });
}

/** At desktop and phone sizes: the element is on screen, none of its text cut off; a screenshot when CAMRELAY_SHOTS is set. */
async function shownAtBothSizes(page: Page, selector: string, name: string): Promise<void> {
  for (const [w, h] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.locator(selector).scrollIntoViewIfNeeded();
    const box = await page.locator(selector).boundingBox();
    expect(box, `${name} at ${w}`).not.toBeNull();
    // Within a pixel: scrolled into view, an element's bottom may land a fraction past the window's (723.3 + 120.9 > 844).
    expect(box!.x >= 0 && box!.x + box!.width <= w + 1 && box!.y >= -1 && box!.y + box!.height <= h + 1, `${name} inside ${w}x${h}`).toBe(true);
    const cut = await page.$eval(selector, (node) => [node, ...node.querySelectorAll('*')].some((n) => n.scrollWidth > n.clientWidth + 1));
    expect(cut, `${name}: text cut off at ${w}`).toBe(false);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}-${w}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe.runIf(browserAvailable())('two admins editing recording settings, in Chromium', () => {
  const browser = useBrowser();
  let server: TestServer;
  /** Ana's session cookie, for a rule made before the pages open. */
  let anaCookie: string;
  let camera: TestCamera;
  const pages: MonitorPage[] = [];
  const mqttPrefix = async (): Promise<string> =>
    ((await (await fetch(`${server.url}/api/admin/notifications`, { headers: server.adminAuth })).json()) as { mqtt: { topicPrefix: string } }).mqtt
      .topicPrefix;
  const webhookUrl = async (): Promise<string> =>
    ((await (await fetch(`${server.url}/api/admin/notifications`, { headers: server.adminAuth })).json()) as { webhooks: Array<{ url: string }> }).webhooks[0]
      ?.url ?? '';
  /** The IP camera's address as the relay lists it. */
  const ipCameraAddress = async (id: string): Promise<string> => {
    const answer = (await (await fetch(`${server.url}/api/admin/ip-cameras`, { headers: server.adminAuth })).json()) as {
      cameras: Array<{ id: string; url: string }>;
    };
    return answer.cameras.find((c) => c.id === id)?.url ?? '';
  };

  beforeAll(async () => {
    ({ server, ana: anaCookie } = await startTwoAdmins());
    camera = await startCamera(server.url, server.captureToken, 'porch', { fps: 2, transport: 'socketio' });
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    for (const p of pages.splice(0)) await p.close();
    camera?.stop();
    await stopTestServer(server);
  });

  it('tells the second admin who saved first, keeps their values, and saves them over on request', async () => {
    const ana = await openMonitor(browser(), server.url, ANA);
    const ben = await openMonitor(browser(), server.url, BEN);
    pages.push(ana, ben);
    await waitFor(async () => (await ana.cameraStatus('porch')) === 'live', 'the camera live');
    await openForm(ana.page);
    await openForm(ben.page);

    await ana.page.fill(at('rec-fps'), '10');
    await ana.page.click(at('rec-save'));
    await waitFor(async () => (await ana.page.textContent(at('rec-message')))?.startsWith('Saved'), "Ana's save confirmed");
    expect(server.recording.settingsOf('porch').fps).toBe(10);

    await ben.page.fill(at('rec-retention'), '3');
    await ben.page.fill(at('rec-quota'), '500');
    await ben.page.click(at('rec-save'));
    const words = at('edit-conflict-words');
    await waitFor(() => ben.page.isVisible(words), 'the conflict shown to Ben');
    expect(await ben.page.textContent(words)).toMatch(/^ana saved these settings at \d{1,2}:\d\d( [AP]M)?, after you opened them\. Reload to see theirs/);
    // Nothing saved, nothing lost: Ben's values are still in his form.
    expect(server.recording.settingsOf('porch')).toMatchObject({ fps: 10, retentionDays: 7, quotaMb: 0 });
    expect([await ben.page.inputValue(at('rec-retention')), await ben.page.inputValue(at('rec-quota')), await ben.page.inputValue(at('rec-fps'))]).toEqual([
      '3',
      '500',
      '15',
    ]);
    expect(await ben.page.isVisible(at('edit-conflict-reload'))).toBe(true);
    await shownAtBothSizes(ben.page, at('edit-conflict'), 'recording-conflict');

    await ben.page.click(at('edit-conflict-mine'));
    await waitFor(async () => (await ben.page.textContent(at('rec-message'))) === 'Saved: the relay uses these settings now.', "Ben's save over Ana's");
    // His form as he saw it: his retention and quota, and the fps his form showed.
    expect(server.recording.settingsOf('porch')).toMatchObject({ fps: 15, retentionDays: 3, quotaMb: 500 });
    expect(await ben.page.isVisible(at('edit-conflict'))).toBe(false);

    // Ana, whose form is now behind, reloads theirs: the form shows what Ben saved.
    await ana.page.fill(at('rec-retention'), '9');
    await ana.page.click(at('rec-save'));
    await waitFor(() => ana.page.isVisible(at('edit-conflict-words')), 'the conflict shown to Ana');
    expect(await ana.page.textContent(at('edit-conflict-words'))).toMatch(/^ben saved these settings at/);
    await ana.page.click(at('edit-conflict-reload'));
    await waitFor(async () => (await ana.page.inputValue(at('rec-retention'))) === '3', "Ana's form showing Ben's save");
    expect(await ana.page.inputValue(at('rec-fps'))).toBe('15');
    expect(server.recording.settingsOf('porch').retentionDays).toBe(3);
  });

  it('tells an admin adding an IP camera that another added that id first, and saves theirs over on request', async () => {
    const ana = await openMonitor(browser(), server.url, ANA);
    const ben = await openMonitor(browser(), server.url, BEN);
    pages.push(ana, ben);
    await openSettings(ana.page);
    await openSettings(ben.page);
    // Nothing listens on port 9: the capture process waits, which is all this needs.
    const add = async (page: Page, url: string) => {
      await page.fill('[data-testid="ipcam-id"]', 'gate');
      await page.fill('[data-testid="ipcam-name"]', 'Gate');
      await page.selectOption('[data-testid="ipcam-kind"]', 'snapshot');
      await page.fill('[data-testid="ipcam-url"]', url);
      await page.click('[data-testid="ipcam-add"]');
    };
    await add(ana.page, 'http://127.0.0.1:9/ana.jpg');
    await ana.page.waitForSelector('[data-testid="ipcam-list"] tr[data-camera-id="gate"]');

    await add(ben.page, 'http://127.0.0.1:9/ben.jpg');
    const box = 'form:has([data-testid="ipcam-add"]) [data-testid="edit-conflict"]';
    await waitFor(() => ben.page.isVisible(box), 'the conflict shown to Ben');
    expect(await ben.page.textContent(`${box} [data-testid="edit-conflict-words"]`)).toMatch(/^ana saved these settings at /);
    expect(await ipCameraAddress('gate')).toContain('ana.jpg');
    expect([await ben.page.inputValue('[data-testid="ipcam-id"]'), await ben.page.inputValue('[data-testid="ipcam-name"]')]).toEqual(['gate', 'Gate']);
    await shownAtBothSizes(ben.page, box, 'ip-camera-conflict');

    await ben.page.click(`${box} [data-testid="edit-conflict-mine"]`);
    await waitFor(async () => (await ipCameraAddress('gate')).includes('ben.jpg'), "Ben's camera saved over Ana's");
    await waitFor(async () => (await ben.page.textContent('[data-testid="ipcam-list"] tr[data-camera-id="gate"]'))?.includes('ben.jpg'), 'the list showing it');
    expect(await ben.page.isVisible(box)).toBe(false);
  });

  it('tells an admin saving MQTT that another saved it first, keeps their values, and saves theirs over on request', async () => {
    const ana = await openMonitor(browser(), server.url, ANA);
    const ben = await openMonitor(browser(), server.url, BEN);
    pages.push(ana, ben);
    await openSettings(ana.page, 'home-assistant');
    await openSettings(ben.page, 'home-assistant');
    // Switched off: no broker is needed to save.
    const fill = async (page: Page, prefix: string) => {
      await page.fill('[data-testid="mqtt-url"]', 'mqtt://127.0.0.1:9');
      await page.fill('[data-testid="mqtt-topic-prefix"]', prefix);
      await page.uncheck('[data-testid="mqtt-enabled"]');
    };
    // A refused address first: said under its field, read with it, and what was typed stays.
    await fill(ana.page, 'ana-home');
    await ana.page.fill('[data-testid="mqtt-url"]', 'http://127.0.0.1:9');
    await ana.page.click('[data-testid="mqtt-save"]');
    const urlError = '[data-testid="mqtt-error-url"]';
    await waitFor(() => ana.page.isVisible(urlError), 'the refusal under Broker URL');
    expect(await ana.page.textContent(urlError)).toMatch(/mqtt:\/\/ or mqtts:\/\//);
    expect(await ana.page.getAttribute('[data-testid="mqtt-url"]', 'aria-describedby')).toBe(await ana.page.getAttribute(urlError, 'id'));
    expect([await ana.page.inputValue('[data-testid="mqtt-url"]'), await ana.page.inputValue('[data-testid="mqtt-topic-prefix"]')]).toEqual([
      'http://127.0.0.1:9',
      'ana-home',
    ]);
    await shownAtBothSizes(ana.page, urlError, 'mqtt-field-error');
    await ana.page.fill('[data-testid="mqtt-url"]', 'mqtt://127.0.0.1:9');
    await ana.page.click('[data-testid="mqtt-save"]');
    await waitFor(async () => (await mqttPrefix()) === 'ana-home', "Ana's MQTT saved");

    await fill(ben.page, 'ben-home');
    await ben.page.click('[data-testid="mqtt-save"]');
    const box = '[data-testid="mqtt-form"] [data-testid="edit-conflict"]';
    await waitFor(() => ben.page.isVisible(box), 'the conflict shown to Ben');
    expect(await ben.page.textContent(`${box} [data-testid="edit-conflict-words"]`)).toMatch(/^ana saved these settings at /);
    expect(await ben.page.inputValue('[data-testid="mqtt-topic-prefix"]')).toBe('ben-home');
    expect(await mqttPrefix()).toBe('ana-home');
    await shownAtBothSizes(ben.page, box, 'mqtt-conflict');

    await ben.page.click(`${box} [data-testid="edit-conflict-mine"]`);
    await waitFor(async () => (await mqttPrefix()) === 'ben-home', "Ben's MQTT saved over Ana's");
    await waitFor(async () => !(await ben.page.isVisible(box)), 'the conflict gone');
  });

  it('tells an admin editing a webhook that another saved it first, keeps their values, and saves theirs over on request', async () => {
    const made = await sendAs(server, anaCookie, 'POST', '/api/admin/notifications/webhooks', { url: 'https://example.com/first' });
    expect(made.status).toBe(201);
    const ana = await openMonitor(browser(), server.url, ANA);
    const ben = await openMonitor(browser(), server.url, BEN);
    pages.push(ana, ben);
    const editTo = async (page: Page, url: string) => {
      await openSettings(page, 'notifications');
      await page.click('[data-testid="webhook-edit"]');
      await page.fill('[data-testid="webhook-url"]', url);
    };
    await editTo(ana.page, 'https://example.com/ana');
    await editTo(ben.page, 'https://example.com/ben');
    await ana.page.click('[data-testid="webhook-save"]');
    await waitFor(async () => (await webhookUrl()) === 'https://example.com/ana', "Ana's edit saved");

    await ben.page.click('[data-testid="webhook-save"]');
    const box = '[data-testid="webhook-form"] [data-testid="edit-conflict"]';
    await waitFor(() => ben.page.isVisible(box), 'the conflict shown to Ben');
    expect(await ben.page.textContent(`${box} [data-testid="edit-conflict-words"]`)).toMatch(/^ana saved these settings at /);
    expect(await ben.page.inputValue('[data-testid="webhook-url"]')).toBe('https://example.com/ben');
    expect(await webhookUrl()).toBe('https://example.com/ana');
    await shownAtBothSizes(ben.page, box, 'webhook-conflict');

    await ben.page.click(`${box} [data-testid="edit-conflict-mine"]`);
    await waitFor(async () => (await webhookUrl()) === 'https://example.com/ben', "Ben's edit saved over Ana's");
    await waitFor(async () => (await ben.page.textContent('[data-testid="webhook-list"]'))?.includes('https://example.com/ben'), 'the list showing it');
  });

  it('shows a refused value under its own field, read with it, and keeps every value typed', async () => {
    const ben = await openMonitor(browser(), server.url, BEN);
    pages.push(ben);
    await openForm(ben.page);
    await ben.page.selectOption(at('rec-mode'), 'motion');
    await ben.page.fill(at('rec-retention'), '5');
    await ben.page.fill(at('rec-threshold'), '999');
    await ben.page.click(at('rec-save'));
    const line = at('rec-error-motion.threshold');
    await waitFor(() => ben.page.isVisible(line), 'the refusal under Threshold');
    expect(await ben.page.textContent(line)).toBe('Must be a number from 1 to 255.');
    const input = at('rec-threshold');
    expect(await ben.page.getAttribute(input, 'aria-invalid')).toBe('true');
    expect(await ben.page.getAttribute(input, 'aria-describedby')).toBe(await ben.page.getAttribute(line, 'id'));
    // The accessible description is the refusal's words.
    expect(await ben.page.locator(input).evaluate((n) => document.getElementById(n.getAttribute('aria-describedby')!)?.textContent)).toBe(
      'Must be a number from 1 to 255.',
    );
    expect([await ben.page.inputValue(at('rec-mode')), await ben.page.inputValue(at('rec-retention')), await ben.page.inputValue(input)]).toEqual([
      'motion',
      '5',
      '999',
    ]);
    expect(server.recording.settingsOf('porch')).toMatchObject({ mode: 'off', retentionDays: 3 });
    await shownAtBothSizes(ben.page, line, 'recording-field-error');

    // Corrected, it saves; the line goes.
    await ben.page.fill(input, '30');
    await ben.page.click(at('rec-save'));
    await waitFor(async () => (await ben.page.textContent(at('rec-message')))?.startsWith('Saved'), 'the corrected save');
    expect(await ben.page.isVisible(line)).toBe(false);
    expect(server.recording.settingsOf('porch')).toMatchObject({ mode: 'motion', retentionDays: 5, motion: { threshold: 30 } });
  });

  it("tells an admin saving a camera's detection that another saved it first, and keeps the other's min score on Reload theirs", async () => {
    const det = '[data-testid="det-list"] details[data-camera-id="porch"]';
    const person = `${det} [data-testid="det-label-row"][data-label="person"] [data-testid="det-min-score"]`;
    const detection = async () =>
      ((await (await fetch(`${server.url}/api/cameras/porch/detection`, { headers: server.adminAuth })).json()) as DetectionAnswer).settings;
    const ana = await openMonitor(browser(), server.url, ANA);
    const ben = await openMonitor(browser(), server.url, BEN);
    pages.push(ana, ben);
    for (const p of [ana.page, ben.page]) {
      await openSettings(p, 'detection');
      await p.waitForSelector(`${det} [data-testid="det-state"]:not(:text-is("…"))`);
      await p.click(`${det} summary`);
      await p.waitForSelector(person, { state: 'visible' });
    }

    await ana.page.fill(person, '0.8');
    await ana.page.click(`${det} [data-testid="det-save"]`);
    await waitFor(async () => (await ana.page.textContent(`${det} [data-testid="det-message"]`))?.startsWith('Saved'), "Ana's save confirmed");

    // Ben's form still shows no min score for people: his rate change is refused, not saved over Ana's score.
    await ben.page.fill(`${det} [data-testid="det-rate"]`, '3');
    await ben.page.click(`${det} [data-testid="det-save"]`);
    const words = `${det} [data-testid="edit-conflict-words"]`;
    await waitFor(() => ben.page.isVisible(words), 'the conflict shown to Ben');
    expect(await ben.page.textContent(words)).toMatch(/^ana saved these settings at \d{1,2}:\d\d( [AP]M)?, after you opened them\. Reload to see theirs/);
    expect(await detection()).toMatchObject({ rate: 2, filters: { person: { minScore: 0.8 } } });
    expect(await ben.page.inputValue(`${det} [data-testid="det-rate"]`)).toBe('3');
    await shownAtBothSizes(ben.page, `${det} [data-testid="edit-conflict"]`, 'detection-conflict');

    await ben.page.click(`${det} [data-testid="edit-conflict-reload"]`);
    await waitFor(async () => (await ben.page.inputValue(person)) === '0.8', "Ben's form showing Ana's min score");
    await ben.page.fill(`${det} [data-testid="det-rate"]`, '3');
    await ben.page.click(`${det} [data-testid="det-save"]`);
    await waitFor(async () => (await ben.page.textContent(`${det} [data-testid="det-message"]`))?.startsWith('Saved'), "Ben's save on top of Ana's");
    expect(await detection()).toMatchObject({ rate: 3, filters: { person: { minScore: 0.8 } } });
  });
});
