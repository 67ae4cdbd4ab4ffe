import { el } from './dom.js';

/** The elements of one camera tile, built once; `CameraTile` only ever changes their text and attributes. */
export class TileMarkup {
  readonly root: HTMLElement;
  readonly canvas = el('canvas', 'tile-canvas');
  readonly name = el('h2', 'tile-name', 'camera-name');
  readonly id = el('span', 'tile-id');
  readonly status = el('span', 'pill', 'camera-status');
  readonly overlay = el('div', 'tile-overlay', 'tile-overlay');
  readonly overlayTitle = el('span', 'overlay-title');
  readonly overlayDetail = el('span', 'overlay-detail');
  readonly frames = el('span', 'stat-value', 'frame-count', '0');
  readonly fps = el('span', 'stat-value', 'fps', '0.0');
  readonly latency = el('span', 'stat-value', 'latency', '—');
  readonly resolution = el('span', 'stat-value', 'resolution', '—');
  readonly ingest = el('span', 'stat-value', 'ingest', '—');
  readonly lost = el('span', 'stat-value', 'lost-frames', '0');

  constructor(cameraId: string) {
    this.root = el('article', 'tile', 'camera-tile');
    this.root.dataset.cameraId = cameraId;

    const title = el('div', 'tile-title');
    title.append(this.name, this.id);
    const head = el('header', 'tile-head');
    head.append(title, this.status);

    const box = el('div', 'overlay-box');
    box.append(this.overlayTitle, this.overlayDetail);
    this.overlay.append(box);
    const view = el('div', 'tile-view');
    view.append(this.canvas, this.overlay);

    const foot = el('footer', 'tile-stats');
    const stats: Array<[string, HTMLElement]> = [
      ['frames', this.frames],
      ['fps', this.fps],
      ['latency', this.latency],
      ['res', this.resolution],
      ['link', this.ingest],
      ['lost', this.lost],
    ];
    for (const [label, value] of stats) {
      const cell = el('div', 'stat');
      cell.append(el('span', 'stat-label', undefined, label), value);
      foot.append(cell);
    }

    this.root.append(head, view, foot);
  }
}
