/**
 * Chromium in which a page can really be frozen (Page Lifecycle, as a phone freezes a background tab).
 * A page Playwright opens itself cannot be: Playwright turns focus emulation on for it, which holds the
 * page visible, and Chromium hides a page before it freezes it, so `Page.setWebLifecycleState` then
 * does nothing at all (no `freeze` event, timers run on). So Chromium is started here, and Playwright
 * attaches over CDP with `noDefaults`, which leaves the default context's pages without that override.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath } from './browser.js';

export interface FreezablePage {
  page: Page;
  /** Hidden, then frozen: no task of the page runs until `thaw`. */
  freeze(): Promise<void>;
  /** Active again, then shown, as a user bringing the tab back does (Chromium does not show it again by itself). */
  thaw(): Promise<void>;
}

export interface FreezableBrowser {
  newPage(): Promise<FreezablePage>;
  close(): Promise<void>;
}

export async function launchFreezable(extraArgs: string[] = []): Promise<FreezableBrowser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'camrelay-freezable-'));
  const args = [...CHROMIUM_FLAGS, ...extraArgs, '--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'];
  const child: ChildProcess = spawn(chromiumPath()!, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium gave no DevTools endpoint in 20 s: ${err}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d;
      const m = /DevTools listening on (ws:\S+)/.exec(err);
      if (!m) return;
      clearTimeout(timer);
      resolve(m[1]!);
    });
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`Chromium exited (${code}): ${err}`))));
  });
  const browser: Browser = await chromium.connectOverCDP(endpoint, { noDefaults: true });
  const context = browser.contexts()[0]!;
  return {
    async newPage() {
      const page = await context.newPage();
      const cdp: CDPSession = await context.newCDPSession(page);
      return {
        page,
        async freeze() {
          // Off again after a thaw turned it on: a page held visible is not frozen.
          await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
          await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
        },
        async thaw() {
          await cdp.send('Page.setWebLifecycleState', { state: 'active' });
          await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: true });
        },
      };
    },
    async close() {
      await browser.close().catch(() => {});
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
      // Chromium's helper processes can still be writing the profile as the browser exits (ENOTEMPTY, seen in a
      // bench run): retried, as Node's rm does for such errors when asked.
      await rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
