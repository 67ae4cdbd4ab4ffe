/**
 * What every screenshot script stands on: a relay of its own (built dashboard, a fresh data folder,
 * an admin password), test-pattern cameras sending to it, and one headless Chromium whose pages are
 * dark and come in the two sizes the docs show, desktop 1280×800 and phone 390×844.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runCamera, type RunningCamera } from '../../../capture-client/run.js';
import { DEFAULTS, type ServerConfig } from '../../../server/load-config.js';
import { ensureDashboardBuilt } from '../../../server/http/dashboard.js';
import { startServer, type RunningServer } from '../../../server/start-server.js';
import { launchChromium } from './chromium.js';

export type Device = 'desktop' | 'phone';

/** The two sizes every picture is taken at; a phone draws at twice the pixels, as real ones do. */
export const DEVICES: Readonly<Record<Device, { width: number; height: number; scale: number }>> = {
  desktop: { width: 1280, height: 800, scale: 1 },
  phone: { width: 390, height: 844, scale: 2 },
};

export interface StageOptions {
  /** Settings beside the defaults (recording, say). */
  config?: Partial<ServerConfig>;
  /** Chromium with its fake camera, for the capture page. */
  fakeCamera?: boolean;
}

/** A test-pattern camera as `npm run capture` would send it, over Socket.IO. */
export interface StageCamera {
  cameraId: string;
  name: string;
  width: number;
  height: number;
  fps?: number;
}

const PASSWORD = 'screenshot-admin-password';

export class Stage {
  private readonly cameras: RunningCamera[] = [];

  private constructor(
    readonly server: RunningServer,
    readonly browser: Browser,
    private readonly dataDir: string,
  ) {}

  static async start(o: StageOptions = {}): Promise<Stage> {
    await ensureDashboardBuilt({ info: () => {} });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-shots-'));
    const config: ServerConfig = { ...DEFAULTS, host: '127.0.0.1', port: 0, dataDir, adminPassword: PASSWORD, logLevel: 'silent', ...o.config };
    const server = await startServer(config, pino({ level: 'silent' }));
    const browser = await launchChromium({ fakeCamera: o.fakeCamera }).catch(async (err: unknown) => {
      await server.close();
      throw err;
    });
    return new Stage(server, browser, dataDir);
  }

  /** The relay's address by IP: Chromium and the cameras reach it alike. */
  get url(): string {
    return this.server.url.replace('localhost', '127.0.0.1');
  }

  /** Starts a camera sending to the relay; `close()` stops it if the script has not. */
  async camera(c: StageCamera): Promise<RunningCamera> {
    const fps = c.fps ?? 5;
    const { cameraId, name, width, height } = c;
    const source = { source: 'test-pattern' as const, sourceOptions: { fps, width, height } };
    const running = await runCamera({ server: this.url, token: this.server.captureToken, cameraId, name, transport: 'socketio', fps, ...source });
    // Stopped once however often it is asked: a script may stop a camera early (an offline one), close() stops the rest.
    let stopping: Promise<void> | undefined;
    const camera: RunningCamera = { ...running, stop: () => (stopping ??= running.stop()) };
    this.cameras.push(camera);
    return camera;
  }

  /** A dark browser context at the device's size: the page follows the system's choice, and most people watch cameras in the dark. */
  context(device: Device): Promise<BrowserContext> {
    const { width, height, scale } = DEVICES[device];
    return this.browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, colorScheme: 'dark' });
  }

  /** A new page of `context`, signed in as the admin (at `url`, the relay's own unless a proxy's). */
  async adminPage(context: BrowserContext, url = this.url): Promise<Page> {
    const page = await context.newPage();
    await page.request.post(`${url}/api/login`, { data: { username: 'admin', password: PASSWORD }, headers: { origin: url } });
    return page;
  }

  /** Closes the browser, stops the cameras and the relay (closing an already closed one is fine), removes the data folder. */
  async close(): Promise<void> {
    await this.browser.close();
    await Promise.all(this.cameras.map((c) => c.stop()));
    await this.server.close().catch(() => {});
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
