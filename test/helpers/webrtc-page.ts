/**
 * The Live Monitor in Chromium with the WebRTC upgrade under test: a switch that silences the data
 * channel inside the page (the fault: the peer goes quiet after connecting), the history of what the
 * transport indicator showed, and the Diagnostics drawer's WebRTC lines.
 */
import type { Browser, Page } from 'playwright-core';
import { openMonitor, type MonitorPage } from './monitor-page.js';
import { TEST_ADMIN } from './server.js';

export interface DataChannelLog {
  /** Messages handed to the page's data-channel handler (dropped ones not counted). */
  delivered: number;
  /** Wall-clock ms of the last one delivered, 0 before any. */
  lastAt: number;
}

export interface WebrtcPage extends MonitorPage {
  /** True: data-channel messages are dropped before the page's handler sees them; false: delivered again. */
  muteDataChannel(mute: boolean): Promise<void>;
  /** Holds the page's `webrtc:abandon` messages back this long (0: send at once), so the data channel's close reaches the server first. */
  holdAbandon(ms: number): Promise<void>;
  dataChannel(): Promise<DataChannelLog>;
  /** Every text the header's transport indicator has shown, in order (watched by a MutationObserver). */
  transportHistory(): Promise<string[]>;
  openDiagnostics(): Promise<void>;
  /** The text of a `[data-testid]` element, or null when there is none. */
  text(testId: string): Promise<string | null>;
  /** Wall-clock ms of the first connection-log line containing `text` (the Diagnostics "Recent connection events"). */
  eventAt(text: string): Promise<number | null>;
}

/**
 * Runs in the page before its scripts: wraps the `onmessage` property of every RTCDataChannel, and
 * can hold back the page's `webrtc:abandon` on the Socket.IO WebSocket (signaling slower than UDP).
 */
function installDataChannelSwitch(): void {
  const w = window as unknown as { __rtc: { mute: boolean; delivered: number; lastAt: number; holdAbandonMs: number } };
  w.__rtc = { mute: false, delivered: 0, lastAt: 0, holdAbandonMs: 0 };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: Parameters<WebSocket['send']>[0]) {
    if (w.__rtc.holdAbandonMs > 0 && typeof data === 'string' && data.includes('"webrtc:abandon"')) {
      setTimeout(() => send.call(this, data), w.__rtc.holdAbandonMs);
      return;
    }
    send.call(this, data);
  };
  const proto = RTCDataChannel.prototype;
  const native = Object.getOwnPropertyDescriptor(proto, 'onmessage')!;
  const handlers = new WeakMap<RTCDataChannel, unknown>();
  Object.defineProperty(proto, 'onmessage', {
    configurable: true,
    enumerable: native.enumerable ?? true,
    get(this: RTCDataChannel) {
      return handlers.get(this) ?? null;
    },
    set(this: RTCDataChannel, handler: ((this: RTCDataChannel, event: MessageEvent) => unknown) | null) {
      handlers.set(this, handler);
      const wrapped =
        handler &&
        function (this: RTCDataChannel, event: MessageEvent) {
          if (w.__rtc.mute) return;
          w.__rtc.delivered++;
          w.__rtc.lastAt = Date.now();
          return handler.call(this, event);
        };
      native.set!.call(this, wrapped);
    },
  });
}

/** Opens the signed-in Live Monitor with the data-channel switch installed, optionally with the WebRTC toggle remembered. */
export async function openWebrtcMonitor(browser: Browser, url: string, opts: { remembered?: 'on' | 'off' } = {}): Promise<WebrtcPage> {
  // openMonitor opens its own page and loads it at once: hand it a browser whose pages carry our init scripts.
  const withScripts = {
    newPage: async () => {
      const page = await browser.newPage();
      await page.addInitScript(installDataChannelSwitch);
      if (opts.remembered) await page.addInitScript((v) => localStorage.setItem('camrelay.webrtc', v), opts.remembered);
      return page;
    },
  } as unknown as Browser;
  const monitor = await openMonitor(withScripts, url, TEST_ADMIN);
  const { page } = monitor;
  await watchTransport(page);
  const text = (testId: string) => page.textContent(`[data-testid="${testId}"]`, { timeout: 2000 }).catch(() => null);
  return {
    ...monitor,
    muteDataChannel: (mute) => page.evaluate((m) => void ((window as unknown as { __rtc: { mute: boolean } }).__rtc.mute = m), mute),
    holdAbandon: (ms) => page.evaluate((v) => void ((window as unknown as { __rtc: { holdAbandonMs: number } }).__rtc.holdAbandonMs = v), ms),
    dataChannel: () =>
      page.evaluate(() => {
        const r = (window as unknown as { __rtc: DataChannelLog }).__rtc;
        return { delivered: r.delivered, lastAt: r.lastAt };
      }),
    transportHistory: () => page.evaluate(() => (window as unknown as { __transports: string[] }).__transports.slice()),
    openDiagnostics: async () => {
      if (await page.isHidden('[data-testid="diagnostics"]')) await page.click('[data-testid="diagnostics-toggle"]');
    },
    text,
    eventAt: (needle) =>
      page.evaluate((n) => {
        for (const li of document.querySelectorAll('[data-testid="diag-events"] li')) {
          const time = li.querySelector('time');
          if (time && li.textContent?.includes(n)) return Date.parse(time.dateTime);
        }
        return null;
      }, needle),
  };
}

/** Records every value of the transport indicator from now on, so "never showed webrtc" can be checked. */
async function watchTransport(page: Page): Promise<void> {
  await page.evaluate(() => {
    const node = document.querySelector('[data-testid="connection-transport"]')!;
    const seen: string[] = [node.textContent ?? ''];
    (window as unknown as { __transports: string[] }).__transports = seen;
    new MutationObserver(() => {
      const now = node.textContent ?? '';
      if (seen.at(-1) !== now) seen.push(now);
    }).observe(node, { childList: true, characterData: true, subtree: true });
  });
}

/** Frames viewers took since the server started, by transport, from its `/metrics` (as the test admin). */
export async function framesOut(url: string): Promise<Record<string, number>> {
  const authorization = `Basic ${Buffer.from(`${TEST_ADMIN.username}:${TEST_ADMIN.password}`).toString('base64')}`;
  const body = await (await fetch(`${url}/metrics`, { headers: { authorization } })).text();
  const totals: Record<string, number> = {};
  for (const m of body.matchAll(/^camrelay_frames_out_total\{[^}]*transport="([a-z-]+)"[^}]*\} (\d+)/gm)) {
    totals[m[1]!] = (totals[m[1]!] ?? 0) + Number(m[2]);
  }
  return totals;
}

/** The longest pause between consecutive draws at or after `from` (ms). */
export function longestGap(draws: Array<{ at: number }>, from: number, until = Date.now()): number {
  let last = from;
  let gap = 0;
  for (const d of draws) {
    if (d.at < from) continue;
    gap = Math.max(gap, d.at - last);
    last = d.at;
  }
  return Math.max(gap, until - last);
}

/** One line per measured figure, for the closing note. */
export function reportWebrtc(row: string, figures: Record<string, number | string>): void {
  const text = Object.entries(figures)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? `${Math.round(v)} ms` : v}`)
    .join(', ');
  console.log(`[webrtc] ${row}: ${text}`);
}
