/**
 * The detector's boxes on live tiles (#39): which cameras show them (a toggle on each tile whose
 * camera's detector runs, remembered in this browser), and per tile a layer over the picture with the
 * newest look's boxes, placed where the canvas draws the picture (`object-fit: contain`) and gone
 * LIVE_OBJECTS_SHOWN_MS after the look unless a newer one comes. They are the detector's last look,
 * not the picture on screen: on someone walking they trail by the detector's time (docs/detection.md).
 */
import { LIVE_OBJECTS_SHOWN_MS, type LiveObjects } from '../../../shared/live-objects.js';
import { el } from '../dom.js';
import { iconButton } from '../icons.js';
import { readStored, writeStored } from '../local-store.js';
import { boxNodes } from '../playback/snapshot-boxes.js';

const KEY = 'camrelay.boxes';
/** Cameras remembered at most: what a hand-edited store can make the page hold. */
const REMEMBERED_MAX = 1000;

/** The cameras this browser shows boxes on; `onChange` runs on every toggle (the page subscribes again). */
export class BoxesChoice {
  private readonly on = new Set<string>();

  constructor(private readonly onChange: () => void) {
    let stored: unknown = null;
    try {
      stored = JSON.parse(readStored(KEY) ?? 'null');
    } catch {
      // hand-edited or damaged: no boxes
    }
    if (!Array.isArray(stored)) return;
    for (const id of stored.slice(0, REMEMBERED_MAX)) if (typeof id === 'string' && id.length <= 64) this.on.add(id);
  }

  has(cameraId: string): boolean {
    return this.on.has(cameraId);
  }

  toggle(cameraId: string): void {
    if (!this.on.delete(cameraId)) this.on.add(cameraId);
    writeStored(KEY, this.on.size ? JSON.stringify([...this.on]) : null);
    this.onChange();
  }

  /** Of `cameraIds`, those to ask the relay boxes of (`SubscribeRequest.objects`). */
  of(cameraIds: readonly string[]): string[] {
    return cameraIds.filter((id) => this.on.has(id));
  }
}

/** A look as the page takes it from the relay: the fields drawing reads, of the right types (boxes are bounded there). */
export function isLook(v: unknown): v is LiveObjects {
  if (typeof v !== 'object' || v === null) return false;
  const { cameraId, width, height, boxes } = v as Record<string, unknown>;
  if (typeof cameraId !== 'string' || typeof width !== 'number' || typeof height !== 'number' || !Array.isArray(boxes)) return false;
  return boxes.every((b: unknown) => {
    const { label, score, box } = (b ?? {}) as Record<string, unknown>;
    return typeof label === 'string' && typeof score === 'number' && Array.isArray(box) && box.length === 4 && box.every((n) => typeof n === 'number');
  });
}

/** One tile's toggle and boxes layer. */
export class TileBoxes {
  readonly button = iconButton('boxes', 'Show detected objects', 'tile-boxes');
  readonly layer = el('div', 'ev-boxes live-boxes', 'live-boxes');
  private detects = false;
  private on = false;
  private fade: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.layer.setAttribute('aria-hidden', 'true');
    this.button.hidden = true;
  }

  /** Whether the camera's detector runs (the toggle shows only then) and whether this browser shows its boxes. */
  set(detects: boolean, on: boolean): void {
    this.detects = detects;
    this.setOn(on);
  }

  /** The person's toggle. */
  setOn(on: boolean): void {
    this.on = on;
    this.button.hidden = !this.detects;
    this.button.setAttribute('aria-pressed', String(on));
    const label = on ? 'Hide detected objects' : 'Show detected objects';
    this.button.setAttribute('aria-label', label);
    this.button.title = label;
    if (!this.shown) this.clear();
  }

  /** The toggle shows and is on: looks are drawn. */
  get shown(): boolean {
    return this.detects && this.on;
  }

  /** The detector's newest look: its boxes over the picture, until a newer look or LIVE_OBJECTS_SHOWN_MS. */
  show(look: LiveObjects): void {
    if (!this.shown) return;
    // The layer takes the canvas's own box (tile.css: the whole view; single-view.css: the picture's box in fullscreen): boxes are
    // placed in fractions of it, as the canvas fits the picture in it.
    const { offsetWidth: width, offsetHeight: height } = this.layer;
    if (!(width > 0 && height > 0)) return;
    this.layer.replaceChildren(...boxNodes(look, width / height, 'contain', 'live-box'));
    // Automation hook (tests): the look as drawn; costs nothing unless a page script sets it.
    (window as { __camrelayOnObjects?: (look: LiveObjects) => void }).__camrelayOnObjects?.(look);
    clearTimeout(this.fade);
    this.fade = setTimeout(() => this.clear(), LIVE_OBJECTS_SHOWN_MS);
  }

  clear(): void {
    clearTimeout(this.fade);
    this.layer.replaceChildren();
  }
}

/** What the page's wiring needs of live boxes: the tile actions, the subscribe's list, and the relay's `objects` events. */
export interface LiveBoxes {
  boxesOn(cameraId: string): boolean;
  toggleBoxes(cameraId: string): void;
  /** Of the cameras the page asks for, those whose tile shows boxes (`SubscribeRequest.objects`). */
  asked(cameraIds: readonly string[]): string[];
  /** An `objects` event: acked, and drawn on its tile when it reads as a look. */
  take(look: unknown, ack: unknown): void;
}

/** Live boxes for the page's tiles (`tileOf`); `resubscribe` when the choice changes. */
export function liveBoxes(tileOf: (cameraId: string) => { boxes: TileBoxes } | undefined, resubscribe: () => void): LiveBoxes {
  const choice = new BoxesChoice(resubscribe);
  return {
    boxesOn: (id) => choice.has(id),
    // The tile first: the subscribe the toggle sends asks for the tiles that show boxes.
    toggleBoxes: (id) => {
      tileOf(id)?.boxes.setOn(!choice.has(id));
      choice.toggle(id);
    },
    asked: (ids) => choice.of(ids).filter((id) => tileOf(id)?.boxes.shown),
    take: (look, ack) => {
      if (typeof ack === 'function') (ack as () => void)();
      if (isLook(look)) tileOf(look.cameraId)?.boxes.show(look);
    },
  };
}
