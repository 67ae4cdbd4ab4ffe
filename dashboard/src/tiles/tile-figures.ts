/** A tile's figures in its footer (fps, latency, size, link, frames, lost, codec), re-texted on the tile's timer, never per frame. */
import type { CameraInfo, MonitorFrameMeta } from '../../../shared/protocol.js';
import { setAttr, setText } from '../dom.js';
import { formatFps, formatFrameSize, formatLatency } from './indicators.js';
import type { Stats } from './stats.js';
import type { TileMarkup } from './tile-markup.js';

const LOST_HELP = 'Gaps in the frame sequence: frames the camera produced that never reached this browser.';
const CODEC_HELP: Record<string, string> = {
  h264: 'H.264: the camera side’s video, decoded in this browser (a seventh to an eighth of JPEG’s bytes per picture at 720p15, framing included, as the bench measures it).',
  jpeg: 'JPEG: one picture per frame, the floor that always works.',
};

export interface TileFigures {
  stats: Stats;
  now: number;
  /** Capture to screen of the last frame drawn, or null while the camera is not live. */
  latencyMs: number | null;
  captureSynced: boolean;
  browserSynced: boolean;
  /** The JPEG frame on screen, when one is: its size is what the tile shows. */
  shown: MonitorFrameMeta | null;
  info: CameraInfo;
  stepReason: string;
  /** How the tile is drawn now, and for JPEG why not H.264 ('' when JPEG is what suits the tile). */
  codec: { codec: string; why: string };
}

export function showFigures(dom: TileMarkup, f: TileFigures): void {
  const { stats } = f;
  setText(dom.frames, String(stats.drawn));
  setAttr(dom.frames, 'title', `${stats.drawn} drawn of ${stats.received} received in this browser`);
  setText(dom.fps, formatFps(stats.fps.rate(f.now)));
  const latency = formatLatency(f.latencyMs, f.captureSynced, f.browserSynced);
  setText(dom.latency, latency.text);
  setAttr(dom.latency, 'title', latency.title || 'Capture to screen, on the server clock');
  const [width, height] = f.shown ? [f.shown.width, f.shown.height] : [f.info.width, f.info.height];
  // The single view asks the camera's full size whatever its box (tile-widths.ts): anything smaller was stepped down.
  const shownWidth = dom.root.dataset.selected !== undefined ? Infinity : Math.ceil(dom.canvas.clientWidth * devicePixelRatio);
  const size = formatFrameSize(width, height, shownWidth, f.info.width, dom.size.value !== 'auto');
  setText(dom.resolution, size);
  setAttr(dom.resolution, 'title', size.endsWith('auto') ? f.stepReason : '');
  setText(dom.ingest, f.info.ingest ?? '—');
  setText(dom.lost, String(stats.lost));
  setAttr(dom.lost, 'title', `${LOST_HELP} ${stats.dropped} more arrived but were skipped here to stay current.`);
  setText(dom.codec, f.codec.codec);
  setAttr(dom.codec, 'data-codec', f.codec.codec);
  setAttr(dom.codec, 'title', f.codec.why ? `${CODEC_HELP[f.codec.codec] ?? ''} Not H.264: ${f.codec.why}.` : (CODEC_HELP[f.codec.codec] ?? ''));
}
