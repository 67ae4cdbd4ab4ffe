/** Issue #30's table (bench/live-h264-rows.ts): each row for today's JPEG and for H.264, from one run, and the page runs behind it. */
import type { DrawnShare, LiveH264Rows, Measured } from '../live-h264-rows.js';
import type { FirstFrame, LiveWindow, Thaw } from './live-measure.js';
import { percentile } from './stats.js';

const f = (n: number | null | undefined, d = 1) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(d));
const met = (ok: boolean) => (ok ? 'met' : '**missed**');
const FAILED = 'no figures (the run failed; see the log)';

const minFps = (w: LiveWindow) => Math.min(...w.tiles.map((t) => t.fps));
const minWidth = (w: LiveWindow) => Math.min(...w.tiles.map((t) => t.width));
/** Share of the pictures drawn in the window that were H.264. */
const share = (w: LiveWindow) => (w.drawn ? w.h264Drawn / w.drawn : 0);
const codecs = (w: LiveWindow) => {
  const n = new Map<string, number>();
  for (const t of w.tiles) n.set(t.codec, (n.get(t.codec) ?? 0) + 1);
  return [...n].map(([c, k]) => `${k} ${c}`).join(', ');
};
const tiles = (w: LiveWindow) =>
  `${f(minFps(w))} fps at ${minWidth(w)} px (slowest of ${w.tiles.length} in view; ${codecs(w)}; ${f(100 * share(w), 0)}% of pictures H.264), age p50 ${f(w.age.p50, 0)} ms, ${f(w.bytesPerSecond / 1000, 0)} KB/s`;
const glass = (w: LiveWindow) => `p50 ${f(w.age.p50, 0)} / p95 ${f(w.age.p95, 0)} ms, ${f(minFps(w))} fps, ${f(100 * share(w), 0)}% H.264`;

function firstFrame(opens: FirstFrame[]): string {
  if (opens.length === 0) return FAILED;
  const [cold, ...warm] = opens;
  const ms = warm.map((o) => o.ms ?? Infinity).sort((a, b) => a - b);
  const say = (o: FirstFrame) => (o.ms === null ? 'none in 5 s' : `${o.ms} ms (${o.codec}, ${o.ageMs} ms old)`);
  const live = warm.map((o) => o.liveMs ?? Infinity).sort((a, b) => a - b);
  return `cold ${say(cold!)}; then p50 ${f(percentile(ms, 50), 0)} / max ${f(ms.at(-1), 0)} ms over ${warm.length} (${warm.map((o) => o.codec ?? 'none').join(', ')}); at most 250 ms old after p50 ${f(percentile(live, 50), 0)} ms`;
}

function thaw(t: Thaw): string {
  const first = t.first ? `first picture ${t.first.codec}${t.first.keyframe ? ' keyframe' : ''}, ${t.first.ageMs} ms old` : 'nothing drawn';
  const key = t.newestKeyFirst === null ? '' : t.newestKeyFirst ? ', the newest keyframe' : ', **not** the newest keyframe';
  return `${t.stale} stale of ${t.fromBeforeThaw} from before the thaw; ${first}${key}; live after ${f(t.liveMs, 0)} ms`;
}

const or = <T>(m: Measured<T> | null, say: (v: T) => string) => (m ? say(m.value) : FAILED);

/** #38's target: an H.264 picture costs the page at most this share of a JPEG's bytes, framing included. */
const BYTES_TARGET = 10;

/** #38's row: bytes at the page per picture received, H.264 ÷ JPEG, framing included, and the pictures' own bytes alone. */
function bytesPerPictureRow(jpeg: LiveWindow | undefined, h264: LiveWindow | undefined): string {
  const kb = (n: number) => `${f(n / 1000)} KB`;
  const ratio = jpeg && h264?.bytesPerPicture ? jpeg.bytesPerPicture / h264.bytesPerPicture : null;
  const stream = jpeg && h264?.streamPerPicture ? jpeg.streamPerPicture / h264.streamPerPicture : null;
  const j = jpeg ? `1 (${kb(jpeg.bytesPerPicture)} a picture, ${kb(jpeg.bytesPerPicture - jpeg.streamPerPicture)} of it framing)` : FAILED;
  const h =
    h264 && ratio
      ? `1/${f(ratio)} (${kb(h264.bytesPerPicture)} a picture, ${kb(h264.bytesPerPicture - h264.streamPerPicture)} of it framing; the pictures alone 1/${f(stream)}; ${f(100 * share(h264), 0)}% H.264)`
      : FAILED;
  return `| bytes at the page per picture, H.264 ÷ JPEG, 720p15 single view (loopback), framing included | ${j} | ${h} | ≤ 1/${BYTES_TARGET} | ${h264 && ratio ? met(share(h264) >= 0.9 && ratio >= BYTES_TARGET) : ''} |`;
}

/** `--only=live-h264-bytes`: #38's bytes row alone, with the bytes a second. */
export function renderBytesPair(p: { jpeg: Measured<LiveWindow> | null; h264: Measured<LiveWindow> | null }): string {
  const perSecond = (m: Measured<LiveWindow> | null) =>
    m ? `${f(m.value.bytesPerSecond / 1000, 0)} KB/s, ${f(minFps(m.value))} fps, load ${f(m.load)}` : FAILED;
  return [
    '### Bytes at the page per picture (#38)',
    '',
    '| row | JPEG | H.264 | target | |',
    '|---|---|---|---|---|',
    bytesPerPictureRow(p.jpeg?.value, p.h264?.value),
    `| bytes a second, same pages | ${perSecond(p.jpeg)} | ${perSecond(p.h264)} | | |`,
  ].join('\n');
}

/** #38's target: an MSE tile draws at least this share of its camera's pictures. */
const MSE_DRAWN_TARGET = 0.97;

/** #38's row: pictures an MSE tile drew of its camera's, with the gaps and the load the run started at. */
function mseDrawnRow(m: Measured<DrawnShare> | null): string {
  const v = m?.value;
  const share = v && v.camera ? v.drawn / v.camera : null;
  const gaps = v ? v.gaps.map(([from, n]) => (n > 1 ? `${from}–${from + n - 1}` : `${from}`)).join(', ') || 'none' : '';
  const say = v && share !== null ? `${f(100 * share)}% (${v.drawn} of ${v.camera}; not drawn: ${gaps}; load ${f(m!.load)})` : FAILED;
  return `| pictures drawn ÷ camera pictures, 720p15 single view, LAN page (MSE), 20 s | – | ${say} | ≥ 97% | ${share === null ? '' : met(share >= MSE_DRAWN_TARGET)} |`;
}

/** `--only=live-h264-mse`: #38's row alone. */
export function renderMseDrawn(m: Measured<DrawnShare> | null): string {
  return ['### Pictures drawn on an MSE page (#38)', '', '| row | JPEG | H.264 | target | |', '|---|---|---|---|---|', mseDrawnRow(m)].join('\n');
}

export function renderLiveH264Rows(r: LiveH264Rows): string {
  const { phone, thinSingle, single15, glass: g, firstFrame: ff } = r;
  const rows: string[] = [];
  const ph = phone.h264?.value;
  rows.push(
    `| phone 390×844, 4 cameras × 15 fps, 2 Mbit/s + 300 ms | ${or(phone.jpeg, tiles)} | ${or(phone.h264, tiles)} | every tile ≥ 14 fps at ≥ 640 px | ${ph ? met(minFps(ph) >= 14 && minWidth(ph) >= 640) : ''} |`,
  );
  const th = thinSingle.h264?.value;
  rows.push(
    `| single view 720p15 over 2 Mbit/s + 150 ms | ${or(thinSingle.jpeg, tiles)} | ${or(thinSingle.h264, tiles)} | ≥ 14 fps, age p50 ≤ 400 ms | ${th ? met(share(th) >= 0.9 && minFps(th) >= 14 && th.age.p50 <= 400) : ''} |`,
  );
  const bj = single15.jpeg?.value.window;
  const bh = single15.h264?.value.window;
  const ratio = bj && bh ? bj.bytesPerSecond / Math.max(1, bh.bytesPerSecond) : null;
  rows.push(bytesPerPictureRow(bj, bh));
  rows.push(
    `| bytes per viewer, 720p15 single view, same pictures (loopback) | ${bj ? `1 (${f(bj.bytesPerSecond / 1000, 0)} KB/s, ${f(minFps(bj))} fps)` : FAILED} | ${bh ? `1/${f(ratio)} (${f(bh.bytesPerSecond / 1000, 0)} KB/s, ${f(minFps(bh))} fps, ${f(100 * share(bh), 0)}% H.264)` : FAILED} | ≤ 1/8 | ${bh && ratio ? met(share(bh) >= 0.9 && ratio >= 8) : ''} |`,
  );
  const target = (w: LiveWindow | undefined) => (w ? met(share(w) >= 0.9 && w.age.p50 <= 60 && w.age.p95 <= 120) : '');
  rows.push(
    `| glass-to-glass 720p30, 127.0.0.1 page: WebCodecs | ${or(g.jpeg, glass)} | ${or(g.webcodecs, glass)} | p50 ≤ 60, p95 ≤ 120 ms | ${target(g.webcodecs?.value)} |`,
  );
  rows.push(
    `| glass-to-glass 720p30, LAN page (plain http by the machine's name, so MSE) | same JPEG run | ${or(g.mse, glass)} | p50 ≤ 60, p95 ≤ 120 ms | ${target(g.mse?.value)} |`,
  );
  rows.push(mseDrawnRow(r.mseDrawn));
  const fh = ff.h264?.value ?? [];
  rows.push(
    `| first full-size picture after opening a tile from a 4-tile grid, GOP 2 s | ${or(ff.jpeg, firstFrame)} | ${or(ff.h264, firstFrame)} | ≤ 0.7 s | ${fh.length ? met(fh.every((o) => o.codec === 'h264' && o.ms !== null && o.ms <= 700)) : ''} |`,
  );
  const tj = single15.jpeg?.value.thaw;
  const tz = single15.h264?.value.thaw;
  rows.push(
    `| frozen viewer resumes (page frozen 4 s) | ${tj ? thaw(tj) : FAILED} | ${tz ? thaw(tz) : FAILED} | 0 stale drawn, newest keyframe first | ${tz ? met(tz.stale === 0 && tz.newestKeyFirst === true) : ''} |`,
  );

  const detail: string[] = [];
  const line = (name: string, m: Measured<LiveWindow> | null) => {
    if (!m) return detail.push(`| ${name} | – | ${FAILED} |||||||`);
    const w = m.value;
    const fps = w.tiles.map((t) => t.fps);
    const why = [...new Set(w.tiles.map((t) => (t.codec === 'jpeg' ? t.why : '')).filter(Boolean))].join(' / ');
    detail.push(
      `| ${name} | ${f(m.load, 1)} | ${f(Math.min(...fps))} / ${f(Math.max(...fps))} | ${w.tiles.map((t) => t.width).join(', ')} | ${codecs(w)}${why ? ` (${why})` : ''} | ${f(100 * share(w), 0)}% | ${f(w.age.p50, 0)} / ${f(w.age.p95, 0)} | ${f(w.bytesPerSecond / 1000, 0)} | ${Math.round(w.maxFrozenMs)} |`,
    );
  };
  const window = (m: Measured<{ window: LiveWindow }> | null) => (m ? { load: m.load, value: m.value.window } : null);
  for (const [name, p] of [
    ['phone', phone],
    ['single view, 2 Mbit/s + 150 ms', thinSingle],
  ] as const) {
    line(`${name}, JPEG camera`, p.jpeg);
    line(`${name}, H.264 camera`, p.h264);
  }
  line('single view 720p15, JPEG camera', window(single15.jpeg));
  line('single view 720p15, H.264 camera', window(single15.h264));
  line('720p30, JPEG camera', g.jpeg);
  line('720p30, H.264 camera (WebCodecs)', g.webcodecs);
  line('720p30, H.264 camera (MSE)', g.mse);
  // `--only=live-h264-phone` ran the phone pair alone: the other rows were not run, not failed.
  if (r.phoneOnly) {
    rows.splice(1);
    detail.splice(2);
  }
  const d = r.decode;
  return [
    '### Live H.264 (#30): today’s JPEG beside H.264, same run',
    '',
    '| #30 row | JPEG today (same run) | H.264 | target | |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '| page run | load avg (1 min) at start | tile fps slowest / fastest | widest picture per tile, px | codec per tile at the end | pictures H.264 | age p50 / p95 ms | KB/s to the page | longest frozen tile ms |',
    '|---|---|---|---|---|---|---|---|---|',
    ...detail,
    '',
    d
      ? `One 720p picture decoded in this Chromium, one at a time (load ${f(d.load, 1)}): H.264 (VideoDecoder to ImageBitmap) ${f(d.value.h264Ms)} ms, JPEG (createImageBitmap) ${f(d.value.jpegMs)} ms, over ${d.value.frames} pictures.`
      : '',
    `Load average (1, 5, 15 min) before these rows ${r.loadBefore.map((x) => x.toFixed(1)).join(', ')}, after ${r.loadAfter.map((x) => x.toFixed(1)).join(', ')}.`,
  ].join('\n');
}
