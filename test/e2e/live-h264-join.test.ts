/**
 * A viewer's first H.264 picture is the newest one (#30), in Chromium against a real relay: a page that
 * opens a camera mid-GOP draws the newest unit the relay had first (the GOP before it decoded, never
 * drawn), and a page the browser froze draws, once thawed, nothing older than the relay's restart. The
 * camera is a stand-in capture client sending real libx264 units and JPEGs over a real socket, and a
 * witness viewer that takes every unit tells the test which units and keyframes the relay had when.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ensureDashboardBuilt } from '../../server/http/dashboard.js';
import type { MonitorH264Meta } from '../../shared/protocol.js';
import { browserAvailable } from '../helpers/browser.js';
import { launchFreezable, type FreezableBrowser, type FreezablePage } from '../helpers/freezable-browser.js';
import { h264AccessUnits } from '../helpers/h264.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

/** Units per GOP: 2 s at 15 fps, as the bench camera, so a page can open well inside one. */
const GOP = 30;

interface Drawn {
  seq: number;
  codec: string | null;
  keyframe: boolean;
  at: number;
}

describe.runIf(browserAvailable())('live H.264: the first picture is the newest', () => {
  let server: TestServer;
  let capture: Socket;
  let witness: Socket;
  let browser: FreezableBrowser;
  let tab: FreezablePage;
  let timer: ReturnType<typeof setInterval>;
  /** While true the stand-in sends no H.264 (its JPEGs go on): the relay's newest unit stays `sent`. */
  let hold = false;
  let sent = 0;
  /** Every unit the witness got, in order: what the relay had, as it had it. */
  const seen: MonitorH264Meta[] = [];
  const newestKey = () => seen.findLast((u) => u.keyframe)?.seq ?? 0;
  const h264Draws = async (): Promise<Drawn[]> =>
    (await tab.page.evaluate(() => (window as unknown as { __draws: Drawn[] }).__draws)).filter((d) => d.codec !== null);

  beforeAll(async () => {
    await ensureDashboardBuilt({ info: () => {} });
    server = await startTestServer();
    const units = await h264AccessUnits(GOP * 5, 640, 360, GOP);
    const jpeg = await makeJpeg(640, 360);
    capture = io(`${server.url}/capture`, {
      auth: { token: server.captureToken, cameraId: 'yard', offers: ['h264'] },
      transports: ['websocket'],
      forceNew: true,
    });
    let wanted = false;
    capture.on('demand', (d: { h264: boolean }) => (wanted = d.h264));
    await new Promise<void>((resolve) => capture.once('connect', () => resolve()));
    let seq = 0;
    timer = setInterval(() => {
      seq++;
      capture.emit('frame', { seq, capturedAt: Date.now(), width: 640, height: 360 }, jpeg, () => {});
      if (!wanted || hold) return;
      const u = units[sent % units.length]!;
      sent++;
      capture.emit('h264', { seq: sent, capturedAt: Date.now(), keyframe: u.keyframe, width: 640, height: 360 }, u.au, () => {});
    }, 66);
    // The witness keeps the camera asked for H.264 and acks at once, so it gets every unit.
    witness = io(`${server.url}/monitor`, { transports: ['websocket'], forceNew: true, auth: TEST_ADMIN });
    witness.on('connect', () => witness.emit('subscribe', { cameraIds: ['yard'], h264: ['yard'] }));
    witness.on('h264', (meta: MonitorH264Meta, _au: unknown, ack: () => void) => (ack(), seen.push(meta)));
    browser = await launchFreezable();
  });

  afterAll(async () => {
    clearInterval(timer);
    await browser?.close();
    witness?.close();
    capture?.close();
    await stopTestServer(server);
  });

  it('draws, in a page that opens the camera mid-GOP, the newest unit the relay had first, never the GOP before it', async () => {
    await waitFor(() => sent - newestKey() >= 8 && sent - newestKey() <= GOP - 8 && seen.at(-1)?.seq === sent, 'the camera mid-GOP', 20_000);
    hold = true;
    const newest = sent;
    await waitFor(() => seen.at(-1)?.seq === newest, 'the relay to have the newest unit');
    onTestFinished(() => void (hold = false));
    tab = await browser.newPage();
    const { page } = tab;
    await page.addInitScript(() => {
      type M = { seq: number; codec?: string; keyframe?: boolean };
      const w = window as unknown as { __draws: Drawn[]; __lifecycle: string[]; __camrelayOnDraw: (m: M) => void };
      w.__draws = [];
      w.__camrelayOnDraw = (m) => w.__draws.push({ seq: m.seq, codec: m.codec ?? null, keyframe: m.keyframe === true, at: Date.now() });
      w.__lifecycle = [];
      for (const e of ['freeze', 'resume']) document.addEventListener(e, () => w.__lifecycle.push(e));
    });
    const login = await page.request.post(`${server.url}/api/login`, { data: TEST_ADMIN, headers: { origin: server.url } });
    expect(login.ok()).toBe(true);
    await page.goto(`${server.url}/#/camera/yard`);
    await waitFor(async () => (await h264Draws()).length > 0, 'the first H.264 picture', 20_000);
    const [first] = await h264Draws();
    expect(first).toMatchObject({ seq: newest, keyframe: false });
    hold = false;
    await waitFor(async () => (await h264Draws()).some((d) => d.seq >= newest + 10), '10 more units drawn', 15_000);
    const seqs = (await h264Draws()).map((d) => d.seq);
    expect(seqs.every((s) => s >= newest)).toBe(true);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('draws, in a page frozen for more than a GOP and thawed, nothing older than the relay’s restart, and the newest unit it had first', async () => {
    const { page } = tab;
    const drawing = (await h264Draws()).length;
    await waitFor(async () => (await h264Draws()).length >= drawing + 5, 'H.264 drawn before the freeze');
    await tab.freeze();
    const keyAtFreeze = newestKey();
    // Frozen until the camera is a GOP and some further on: what was in flight into the page is of an older GOP.
    await waitFor(() => newestKey() > keyAtFreeze && seen.at(-1)!.seq >= newestKey() + 5, 'a newer GOP at the relay', 15_000);
    const [newestAtThaw, keyAtThaw, thawAt] = [seen.at(-1)!.seq, newestKey(), Date.now()];
    await tab.thaw();
    await waitFor(async () => (await h264Draws()).filter((d) => d.at >= thawAt).length >= 10, '10 H.264 pictures after the thaw', 20_000);
    // It was frozen, not just waiting: the page saw both lifecycle events.
    expect(await page.evaluate(() => (window as unknown as { __lifecycle: string[] }).__lifecycle)).toEqual(['freeze', 'resume']);
    const after = (await h264Draws()).filter((d) => d.at >= thawAt);
    expect(after[0]!.seq).toBeGreaterThanOrEqual(newestAtThaw);
    expect(after.filter((d) => d.seq < keyAtThaw)).toEqual([]);
  });
});
