/** A camera tile's elements, built with `el` rather than markup strings, so no camera name is ever parsed as HTML. */
import { el } from '../dom.js';
import { icon, iconButton } from '../icons.js';
import { TileBoxes } from './live-boxes.js';
import { TileSound } from './tile-sound.js';
import { parsePin, PIN_CHOICES } from './rung-pins.js';
import type { TileActions } from './tile-actions.js';

/** The picture-size choice of one camera: `auto` or a pinned size (rung-pins.ts). */
function sizeSelect(): HTMLSelectElement {
  const select = el('select', 'rung-pick', 'rung-pick');
  select.setAttribute('aria-label', 'Picture size: auto fits the tile and steps down on a slow link; a size is kept whatever the link');
  select.title = 'Picture size: auto fits the tile and steps down on a slow link; a size is kept whatever the link';
  for (const { pin, label } of PIN_CHOICES) select.append(new Option(label, String(pin)));
  return select;
}

/** The elements of one camera tile, built once; `CameraTile` only ever changes their text and attributes. */
export class TileMarkup {
  readonly root: HTMLElement;
  readonly canvas = el('canvas', 'tile-canvas');
  readonly view = el('div', 'tile-view', 'tile-view');
  readonly name = el('h2', 'tile-name', 'camera-name');
  readonly id = el('span', 'tile-id');
  readonly status = el('span', 'pill', 'camera-status');
  readonly overlay = el('div', 'tile-overlay', 'tile-overlay');
  readonly overlayTitle = el('span', 'overlay-title');
  readonly overlayDetail = el('span', 'overlay-detail');
  readonly open = iconButton('expand', 'Open this camera', 'tile-open');
  readonly snapshot = iconButton('camera', 'Save a snapshot (JPEG)', 'tile-snapshot');
  readonly links = iconButton('link', 'Stream and snapshot links', 'tile-links');
  readonly pause = iconButton('pause', 'Pause this camera', 'tile-pause');
  readonly frames = el('span', 'stat-value', 'frame-count', '0');
  readonly fps = el('span', 'stat-value', 'fps', '0.0');
  readonly latency = el('span', 'stat-value', 'latency', '—');
  readonly resolution = el('span', 'stat-value', 'resolution', '—');
  readonly size = sizeSelect();
  readonly ingest = el('span', 'stat-value', 'ingest', '—');
  readonly lost = el('span', 'stat-value', 'lost-frames', '0');
  /** How the picture comes now: `h264` or `jpeg` (#30), with why not H.264 as its tooltip. */
  readonly codec = el('span', 'stat-value', 'codec', 'jpeg');
  /** The detector's boxes over the picture, and their toggle (#39). */
  readonly boxes = new TileBoxes();
  /** The camera's sound: its speaker, and the meter over the picture while it plays (#40). */
  readonly sound: TileSound;

  constructor(cameraId: string) {
    this.root = el('article', 'tile', 'camera-tile');
    this.root.dataset.cameraId = cameraId;
    // Focusable, so a keyboard can reach a camera and open it with Enter.
    this.root.tabIndex = 0;
    this.sound = new TileSound(this.root);

    const title = el('div', 'tile-title');
    title.append(this.name, this.id);
    const actions = el('div', 'tile-actions');
    actions.append(this.sound.button, this.boxes.button, this.snapshot, this.links, this.pause, this.open);
    const head = el('header', 'tile-head');
    head.append(title, this.status, actions);

    const box = el('div', 'overlay-box');
    box.append(this.overlayTitle, this.overlayDetail);
    this.overlay.append(box);
    this.view.append(this.canvas, this.boxes.layer, this.sound.panel, this.overlay);

    const foot = el('footer', 'tile-stats', 'tile-stats');
    // As a wide tile shows them; a narrower one puts frames and lost first and drops from the end (tile-figures.css).
    const stats: Array<[string, HTMLElement, string?]> = [
      ['fps', this.fps],
      ['latency', this.latency],
      ['res', this.resolution],
      // The codec says what this viewer is sent (#30).
      ['codec', this.codec],
      ['link', this.ingest],
      ['frames', this.frames, 'fr'],
      ['lost', this.lost],
    ];
    for (const [label, value, short] of stats) {
      const cell = el('div', 'stat');
      cell.dataset.stat = label;
      const name = el('span', 'stat-label', undefined, label);
      // The smallest tiles (16 cameras in a 1280×800 window) show the short label.
      if (short) name.dataset.short = short;
      cell.append(name, value);
      if (value === this.resolution) cell.append(this.size);
      foot.append(cell);
    }

    this.root.append(head, this.view, foot);
  }

  /** The pause button as it reads while the camera is (or is not) paused here. */
  showPaused(paused: boolean): void {
    this.pause.replaceChildren(icon(paused ? 'play' : 'pause'));
    const label = paused ? 'Resume this camera' : 'Pause this camera';
    this.pause.setAttribute('aria-label', label);
    this.pause.title = label;
    this.pause.setAttribute('aria-pressed', String(paused));
  }

  /** The tile's controls: open, links, size and Enter go to the page; snapshot and pause to the tile. */
  wire(actions: TileActions, tile: { snapshot(): void; pause(): void }): void {
    const id = this.root.dataset.cameraId ?? '';
    for (const opener of [this.open, this.view]) opener.addEventListener('click', () => actions.open(id));
    this.links.addEventListener('click', () => actions.links(id));
    this.snapshot.addEventListener('click', () => tile.snapshot());
    this.pause.addEventListener('click', () => tile.pause());
    this.boxes.button.addEventListener('click', () => actions.toggleBoxes?.(id));
    this.sound.button.addEventListener('click', () => actions.toggleSound?.(id));
    this.size.value = String(actions.pinOf?.(id) ?? 'auto');
    this.size.addEventListener('change', () => actions.pin?.(id, parsePin(this.size.value)));
    this.root.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target === this.root) actions.open(id);
    });
  }

  /** The picture's shape, which sizes the tile (layout.ts) and its picture box (tile.css). */
  setAspect(width: number, height: number): void {
    const aspect = `${width} / ${height}`;
    if (this.root.style.getPropertyValue('--aspect') === aspect) return;
    this.root.style.setProperty('--aspect', aspect);
    this.root.dispatchEvent(new Event('tile-aspect', { bubbles: true }));
  }

  /** Shows a bitmap at its own size (the canvas takes it over: no copy). */
  paint(context: ImageBitmapRenderingContext | null, bitmap: ImageBitmap): void {
    // A 'bitmaprenderer' canvas keeps its own size (300×150 by default) and scales the bitmap into
    // it; sized to the frame, it shows every pixel, and CSS object-fit letterboxes it in the tile.
    const { canvas } = this;
    if (canvas.width !== bitmap.width || canvas.height !== bitmap.height) {
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      this.setAspect(bitmap.width, bitmap.height);
    }
    // The bitmap is detached (the renderer's close() is then a no-op).
    context?.transferFromImageBitmap(bitmap);
  }
}
