/**
 * "Notify this device" and the service worker's notifications, in real Chromium (#31). A real
 * browser subscription cannot be made here (no push service is reachable from the test box):
 * test/server/push/push.test.ts covers the relay's side against a local push endpoint, and this
 * file delivers a push straight to the service worker over CDP, as the browser would on arrival.
 */
import { createECDH, randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHOICE_SAYS } from '../../dashboard/src/app/push-choices.js';
import { SAYS } from '../../dashboard/src/app/push-toggle.js';
import { lanAddresses } from '../../server/http/lan.js';
import { pushNotice } from '../../server/push/push-notice.js';
import { openAppContext, waitForWorker, type AppContext } from '../helpers/app-context.js';
import { browserAvailable, useBrowser } from '../helpers/browser.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const SHOTS = process.env.CAMRELAY_SHOTS;

describe.runIf(browserAvailable())('Web Push on this device', () => {
  const browser = useBrowser();
  let server: TestServer;
  let url: string;
  const apps: AppContext[] = [];

  beforeAll(async () => {
    // On every address, so that a LAN address (plain http, not a secure context) reaches it too.
    server = await startTestServer({ host: '0.0.0.0' });
    url = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await stopTestServer(server);
  });

  /**
   * The installed app signed in, its worker in control, the menu open; `granted`: notifications allowed beforehand;
   * `pushService`: the browser's PushManager stood in for (no push service is reachable here), its subscription at
   * that endpoint kept in the page's storage across reloads, as a browser keeps its own.
   */
  async function openApp(granted: boolean, pushService?: { endpoint: string }): Promise<AppContext> {
    const app = await openAppContext({ width: 390, height: 844 });
    apps.push(app);
    if (granted) await app.context.grantPermissions(['notifications'], { origin: url });
    if (pushService) {
      const keys = { p256dh: createECDH('prime256v1').generateKeys('base64url'), auth: randomBytes(16).toString('base64url') };
      await app.context.addInitScript(
        ({ endpoint, keys }) => {
          const made = () => ({
            endpoint,
            toJSON: () => ({ endpoint, expirationTime: null, keys }),
            unsubscribe: async () => (localStorage.removeItem('stand-in-push'), true),
          });
          PushManager.prototype.subscribe = async () => (localStorage.setItem('stand-in-push', '1'), made() as unknown as PushSubscription);
          PushManager.prototype.getSubscription = async () => (localStorage.getItem('stand-in-push') ? (made() as unknown as PushSubscription) : null);
        },
        { endpoint: pushService.endpoint, keys },
      );
    }
    await app.page.request.post(`${url}/api/login`, { data: TEST_ADMIN, headers: { origin: url } });
    await app.page.goto(`${url}/`);
    await waitForWorker(app.page);
    await app.page.click('[data-testid="menu-toggle"]');
    await waitFor(async () => (await app.page.textContent('[data-testid="push-toggle"]')) === 'Notify this device: off', 'the toggle ready, off');
    return app;
  }
  const status = (app: AppContext) => app.page.textContent('[data-testid="push-status"]');

  it('asks nothing until clicked; a browser that refuses has the page say where to allow notifications', async () => {
    const app = await openApp(false);
    expect(await app.page.evaluate(() => Notification.permission)).toBe('default');
    expect(await app.page.isVisible('[data-testid="push-status"]')).toBe(false);
    // Headless Chromium answers the permission prompt with "denied".
    await app.page.click('[data-testid="push-toggle"]');
    await waitFor(
      async () => (await status(app)) === "Notifications are blocked for this site: allow them in the browser's site settings, then reload.",
      'the blocked words',
    );
    expect(await app.page.isDisabled('[data-testid="push-toggle"]')).toBe(true);
  });

  it('with permission but no reachable push service, says so and stays off', async () => {
    const app = await openApp(true);
    await app.page.click('[data-testid="push-toggle"]');
    await waitFor(async () => (await status(app))?.startsWith("The browser's push service could not be reached"), 'the push-service words', 40_000);
    expect(await app.page.textContent('[data-testid="push-toggle"]')).toBe('Notify this device: off');
    expect(server.provided.need('push').subscriptions.list()).toEqual([]);
  });

  it('shows a motion event pushed to the app as a notification that opens the event in the app', async () => {
    const app = await openApp(true);
    const cdp = await app.context.newCDPSession(app.page);
    const registrations: { registrationId: string; scopeURL: string }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => void registrations.push(...e.registrations));
    await cdp.send('ServiceWorker.enable');
    const registration = await waitFor(() => registrations.find((r) => r.scopeURL === `${url}/`), 'the worker registration', 30_000);
    // A push reaches an activated worker: the registration exists while the worker still installs (it caches the app
    // shell first, slow on a loaded box), as a push service delivers only to a subscription the active worker made.
    await waitFor(
      () => app.page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated' || null),
      'the worker activated',
      30_000,
    );
    // The relay out of reach, as for a phone away from home (its push service reaches it, the relay does not): the
    // notice must not wait on the network for its icon (Chromium shows a notice once its icon is in).
    const iconAsked: string[] = [];
    await app.context.route('**/icons/**', (route) => void iconAsked.push(route.request().url()));
    const notice = pushNotice({ id: '1764000000000', camera: 'porch', start: 1764000000000, end: null, peakScore: 12 }, 'Porch');
    const deliver = () =>
      cdp.send('ServiceWorker.deliverPushMessage', { origin: url, registrationId: registration.registrationId, data: JSON.stringify(notice) });
    await deliver();
    // A push service delivers again what a worker did not take; so does the test, every 5 s until a notice shows (on a
    // loaded box one delivery was lost between the worker's activation and its push handler).
    let sentAt = Date.now();
    const shown = await waitFor(
      async () => {
        const first = await app.page.evaluate(
          async () =>
            (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
              title: n.title,
              body: n.body,
              data: n.data as unknown,
              icon: n.icon.slice(0, 22),
            }))[0],
        );
        if (!first && Date.now() - sentAt > 5000) {
          await deliver();
          sentAt = Date.now();
        }
        return first;
      },
      'the notification shown',
      30_000,
    );
    expect(shown).toEqual({
      title: 'Motion: Porch',
      body: 'Something moved in front of Porch. Tap to watch it from the start.',
      data: { url: `${url}/#/camera/porch/at/1764000000000` },
      icon: 'data:image/png;base64,',
    });
    expect(iconAsked).toEqual([]);
  });

  it('offers what this device hears of objects once it is on, keeps each click at the relay, and shows it again after a reload', async () => {
    const endpoint = 'https://fcm.googleapis.com/fcm/send/stand-in-phone';
    const app = await openApp(true, { endpoint });
    const { page } = app;
    const subscriptions = server.provided.need('push').subscriptions;
    const kept = () => subscriptions.list().find((s) => s.endpoint === endpoint);
    expect(await page.isVisible('[data-testid="push-choices"]')).toBe(false);
    await page.click('[data-testid="push-toggle"]');
    await page.waitForSelector('[data-testid="push-choices"]:visible');
    expect(await page.textContent('[data-testid="push-toggle"]')).toBe('Notify this device: on');
    const ticked = () =>
      page.evaluate(() =>
        ['push-choice-objects', 'push-new-only', 'push-choice-loitering', 'push-choice-left'].map((id) => {
          const input = document.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)!;
          return `${input.labels![0]!.textContent}: ${input.checked ? 'on' : 'off'}${input.disabled ? ' (greyed)' : ''}`;
        }),
      );
    // A new device hears the default: new objects and loitering.
    expect(await ticked()).toEqual([
      'Each new one: on',
      'Not again when a parked one moves off: off',
      'Loitering in a zone: on',
      'When it leaves the view: off',
    ]);
    const saidSaved = () => waitFor(async () => (await page.textContent('[data-testid="push-choices-status"]')) === CHOICE_SAYS.saved, 'Saved');
    await page.click('text=When it leaves the view');
    await saidSaved();
    expect(kept()).toMatchObject({ alerts: ['objects', 'loitering', 'left'] });
    await page.click('text=Not again when a parked one moves off');
    await waitFor(() => kept()?.newObjectsOnly === true || null, 'newObjectsOnly kept');
    await page.click('text=Each new one');
    await waitFor(() => kept()?.alerts?.join() === 'loitering,left' || null, 'new objects off');
    await page.click('text=Loitering in a zone');
    await waitFor(() => kept()?.alerts?.join() === 'left' || null, 'loitering off');
    expect(await ticked()).toEqual([
      'Each new one: off',
      'Not again when a parked one moves off: on (greyed)',
      'Loitering in a zone: off',
      'When it leaves the view: on',
    ]);
    // The last one cannot go: the page says what to do instead, and nothing is sent.
    await page.click('text=When it leaves the view');
    expect(await page.textContent('[data-testid="push-choices-status"]')).toBe(CHOICE_SAYS.none);
    expect(await page.isChecked('[data-testid="push-choice-left"]')).toBe(true);
    expect(kept()).toMatchObject({ alerts: ['left'], newObjectsOnly: true });
    if (SHOTS) {
      await page.screenshot({ path: path.join(SHOTS, 'push-choices-390.png') });
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.screenshot({ path: path.join(SHOTS, 'push-choices-1280.png') });
    }

    // What the page shows is the relay's word: after a reload, as kept.
    await page.reload();
    await page.click('[data-testid="menu-toggle"]');
    await page.waitForSelector('[data-testid="push-choices"]:visible');
    expect(await ticked()).toEqual([
      'Each new one: off',
      'Not again when a parked one moves off: on (greyed)',
      'Loitering in a zone: off',
      'When it leaves the view: on',
    ]);
    // A device the relay forgot (its push service said it was gone) is not shown as on.
    subscriptions.remove(endpoint);
    await page.reload();
    await page.click('[data-testid="menu-toggle"]');
    await waitFor(async () => (await status(app)) === SAYS.forgotten, 'the forgotten words');
    expect(await page.textContent('[data-testid="push-toggle"]')).toBe('Notify this device: off');
    expect(await page.isVisible('[data-testid="push-choices"]')).toBe(false);
  });

  it('on a plain-http LAN address, registers no worker and says notifications need https', async (ctx) => {
    const lan = lanAddresses().find((a) => !a.includes(':'));
    if (!lan) return ctx.skip();
    // A plain-http page sends no Sec-Fetch-Mode, so the relay's 401 carries a Basic challenge: answered here.
    const page = await browser().newPage({ viewport: { width: 390, height: 844 }, httpCredentials: TEST_ADMIN });
    await page.goto(`http://${lan}:${server.port}/`);
    expect(await page.evaluate(() => [window.isSecureContext, 'serviceWorker' in navigator])).toEqual([false, false]);
    await page.click('[data-testid="menu-toggle"]');
    await page.waitForSelector('[data-testid="push-status"]:visible');
    expect(await page.textContent('[data-testid="push-status"]')).toBe("Notifications need the relay's https address (or localhost): this page is plain http.");
    expect(await page.isDisabled('[data-testid="push-toggle"]')).toBe(true);
    await page.close();
  });
});
