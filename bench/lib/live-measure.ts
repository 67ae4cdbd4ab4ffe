/**
 * What #30's rows read off a Live Monitor page (live-page.ts): drawn pictures per tile over a window
 * with their codec, size and age; the first full-size picture after a tile is opened; and what a
 * frozen page draws when it thaws. Ages are capture stamp → drawn on the canvas, as the JPEG
 * glass-to-glass rows measure them (bench/browser.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { FRESH_MS } from './load.js';
import type { LiveDraw, LivePage } from './live-page.js';
import { summarize } from './stats.js';

export type Summary = ReturnType<typeof summarize>;

export interface LiveTile {
  id: string;
  fps: number;
  /** The tile's codec indicator at the end of the window, and its tooltip (why not H.264). */
  codec: string;
  why: string;
  /** The widest picture drawn in the window. */
  width: number;
}

export interface LiveWindow {
  /** The tiles that intersect the window (the others are sent nothing, #28). */
  tiles: LiveTile[];
  age: Summary;
  bytesPerSecond: number;
  /**
   * Bytes at the page per picture received, framing included: every byte of the window (each WebSocket message's
   * payload and header, the metadata's text messages, pings) over the binary messages (one per JPEG or H.264 unit).
   */
  bytesPerPicture: number;
  /** The pictures' own bytes (the binary messages' payloads) per picture: the stream alone. */
  streamPerPicture: number;
  /** The longest any tile in view went without a new picture. */
  maxFrozenMs: number;
  /** Pictures drawn as H.264, of all drawn in view. */
  h264Drawn: number;
  drawn: number;
}

const tileSel = (id: string) => `[data-testid="camera-tile"][data-camera-id="${id}"]`;

function tilesInView(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="camera-tile"]', (tiles) =>
    tiles
      .filter((t) => {
        const r = t.getBoundingClientRect();
        return r.width > 0 && r.bottom > 0 && r.top < innerHeight;
      })
      .map((t) => (t as HTMLElement).dataset.cameraId!),
  );
}

/** Pictures drawn over `ms` on the tiles in view. */
export async function measureWindow(p: LivePage, ms: number): Promise<LiveWindow> {
  const inView = await tilesInView(p.page);
  await p.takeDraws();
  const [start, bytes0, wire0] = [Date.now(), p.bytes(), p.wire()];
  await sleep(ms);
  const [end, received, wire] = [Date.now(), p.bytes() - bytes0, p.wire()];
  const pictures = wire.binary - wire0.binary;
  const draws = (await p.takeDraws()).filter((d) => inView.includes(d.cameraId));
  let maxFrozenMs = 0;
  const tiles: LiveTile[] = [];
  for (const id of inView) {
    const mine = draws.filter((d) => d.cameraId === id);
    const times = [start, ...mine.map((d) => d.at), end];
    for (let i = 1; i < times.length; i++) maxFrozenMs = Math.max(maxFrozenMs, times[i]! - times[i - 1]!);
    const codec = p.page.locator(`${tileSel(id)} [data-testid="codec"]`);
    tiles.push({
      id,
      fps: mine.length / ((end - start) / 1000),
      codec: (await codec.textContent()) ?? '',
      why: (await codec.getAttribute('title')) ?? '',
      width: Math.max(0, ...mine.map((d) => d.width)),
    });
  }
  return {
    tiles,
    age: summarize(draws.map((d) => d.latencyMs)),
    bytesPerSecond: received / ((end - start) / 1000),
    bytesPerPicture: pictures ? (received + wire.headers - wire0.headers) / pictures : 0,
    streamPerPicture: pictures ? (wire.binaryBytes - wire0.binaryBytes) / pictures : 0,
    maxFrozenMs,
    h264Drawn: draws.filter((d) => d.codec === 'h264').length,
    drawn: draws.length,
  };
}

export interface FirstFrame {
  /** Opening the single view → first picture at the camera's full size (H.264 when the page took it). */
  ms: number | null;
  codec: LiveDraw['codec'] | null;
  /** That picture's age (capture → drawn), and opening → first picture at most FRESH_MS old. */
  ageMs: number | null;
  liveMs: number | null;
}

/** From the grid, opens `camera` in the single view `opens` times, `gapMs` back in the grid between. */
export async function firstFrames(p: LivePage, camera: string, fullWidth: number, opens: number, gapMs: number): Promise<FirstFrame[]> {
  const out: FirstFrame[] = [];
  for (let i = 0; i < opens; i++) {
    await p.page.evaluate(() => (location.hash = '#/'));
    await sleep(gapMs);
    await p.takeDraws();
    const t0 = await p.page.evaluate((id) => ((location.hash = `#/camera/${id}`), Date.now()), camera);
    const deadline = Date.now() + 5000;
    let mine: LiveDraw[] = [];
    while (Date.now() < deadline) {
      await sleep(100);
      // Not a picture the grid drew just before the click.
      mine = mine.concat((await p.takeDraws()).filter((d) => d.cameraId === camera && d.at >= t0));
      if (mine.some((d) => d.width >= fullWidth && d.latencyMs <= FRESH_MS)) break;
    }
    const full = mine.find((d) => d.width >= fullWidth);
    const live = mine.find((d) => d.width >= fullWidth && d.latencyMs <= FRESH_MS);
    out.push({
      ms: full ? full.at - t0 : null,
      codec: full?.codec ?? null,
      ageMs: full ? Math.round(full.latencyMs) : null,
      liveMs: live ? live.at - t0 : null,
    });
  }
  return out;
}

export interface Thaw {
  frozenMs: number;
  /**
   * Whether the page really froze (it saw `freeze`). A page Playwright opened itself does not: Playwright's
   * focus emulation holds it visible and Chromium freezes only hidden pages (test/helpers/freezable-browser.ts).
   */
  froze: boolean;
  /** The first picture drawn after the thaw: its codec, whether it is a keyframe, its age. */
  first: { codec: LiveDraw['codec']; keyframe: boolean; ageMs: number } | null;
  /**
   * H.264: the first picture is of the newest GOP captured before the thaw, so that GOP's keyframe was decoded first
   * (null for JPEG, when unknown, or when the page did not freeze). Not "is that keyframe": the relay marks the GOP it
   * restarts a viewer with as catch-up up to its newest unit, which the page decodes and never draws, so the first
   * picture drawn is the newest the relay had, a later picture of that GOP (shared/live-video.ts).
   */
  newestKeyFirst: boolean | null;
  /** Pictures captured before the thaw that were drawn after it (catching up to live). */
  fromBeforeThaw: number;
  /**
   * Of those, pictures older than the newest one the page had to start from: for H.264 the newest keyframe
   * captured before the thaw (a picture of an older GOP is stale), for JPEG the newest frame it drew.
   */
  stale: number;
  /** Thaw → first picture at most FRESH_MS old. */
  liveMs: number | null;
}

/**
 * Freezes the page (Page Lifecycle `frozen`, as a phone does a background tab) for `ms`, thaws it, and
 * reads what it draws. H.264 keyframes are found by seq: the bench camera's units are numbered from its
 * fixture's IDR on (lib/camera-side.ts), one GOP every `gopUnits`, so the keyframe a drawn keyframe's
 * seq falls on repeats every `gopUnits`; the seq at the thaw is read off the last picture before the freeze.
 */
export async function freezeThaw(p: LivePage, ms: number, fps: number, gopUnits: number): Promise<Thaw> {
  await p.takeDraws();
  await sleep(2500); // a keyframe drawn (the GOP is 2 s) fixes the phase
  const before = await p.takeDraws();
  await p.page.evaluate(() => {
    const w = window as unknown as { __froze?: number };
    w.__froze = 0;
    document.addEventListener('freeze', () => (w.__froze = (w.__froze ?? 0) + 1));
  });
  if (p.freeze) await p.freeze.freeze();
  else await p.cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  await sleep(ms);
  const thawAt = Date.now();
  if (p.freeze) await p.freeze.thaw();
  else await p.cdp.send('Page.setWebLifecycleState', { state: 'active' });
  await sleep(3000);
  const froze = (await p.page.evaluate(() => (window as unknown as { __froze?: number }).__froze ?? 0)) > 0;
  const after = (await p.takeDraws()).filter((d) => d.at >= thawAt);
  const old = after.filter((d) => d.capturedAt < thawAt);
  const first = after[0];
  const live = after.find((d) => d.latencyMs <= FRESH_MS);
  const last = before.at(-1);
  const key = before.find((d) => d.keyframe);
  let stale: number;
  let newestKeyFirst: boolean | null = null;
  if (last?.codec === 'h264' && key) {
    // The newest unit captured before the thaw, and the newest keyframe at or before it.
    const atThaw = last.seq + Math.floor(((thawAt - last.capturedAt) * fps) / 1000);
    const newestKey = atThaw - ((((atThaw - key.seq) % gopUnits) + gopUnits) % gopUnits);
    stale = old.filter((d) => d.seq < newestKey).length;
    if (froze) newestKeyFirst = first !== undefined && first.seq >= newestKey;
  } else {
    const newest = Math.max(...old.map((d) => d.capturedAt));
    stale = old.filter((d) => d.capturedAt < newest).length;
  }
  return {
    frozenMs: ms,
    froze,
    first: first ? { codec: first.codec, keyframe: first.keyframe, ageMs: Math.round(first.latencyMs) } : null,
    newestKeyFirst,
    fromBeforeThaw: old.length,
    stale,
    liveMs: live ? live.at - thawAt : null,
  };
}
