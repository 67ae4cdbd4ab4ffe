/**
 * The detector's boxes drawn over an event's picture (#39). Boxes come in the pixels of the
 * snapshot (`boxes.width` × `boxes.height`); the card shows its thumbnail (the same picture,
 * smaller) filling a frame of fixed aspect with `object-fit: cover`, so each box is placed in
 * fractions of that frame the way cover scales and crops the picture: the same at any shown size.
 */
import type { SnapshotBoxes } from '../../../shared/events.js';
import { el } from '../dom.js';
import { labelWords, toneOf } from './event-labels.js';

/** A box in fractions of the frame (0-1, cut to the frame), with what it is. */
export interface PlacedBox {
  label: string;
  score: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** At most this many boxes are drawn: a card is small, and the relay's list is untrusted JSON. */
const MAX_BOXES = 20;

const clamp = (v: number) => Math.min(1, Math.max(0, v));

/**
 * Where each box lies in a frame of aspect `frameAspect` (width / height) that shows the picture
 * centred, as CSS `object-fit` does: `cover` scales it to fill the frame and cuts its overflow equally
 * from both sides (an event card), `contain` fits it whole with bars on two sides (a live tile).
 * Boxes wholly outside the frame are left out.
 */
export function placeBoxes(snapshot: SnapshotBoxes, frameAspect: number, fit: 'cover' | 'contain' = 'cover'): PlacedBox[] {
  const { width: w, height: h } = snapshot;
  if (!(w > 0 && h > 0 && frameAspect > 0)) return [];
  const aspect = w / h;
  // The picture's size in frame widths/heights: 1 along the side that fits, more along the one cut (cover), less along
  // the one with bars (contain).
  const wider = fit === 'cover' ? aspect > frameAspect : aspect <= frameAspect;
  const sx = wider ? aspect / frameAspect : 1;
  const sy = wider ? 1 : frameAspect / aspect;
  const ox = (1 - sx) / 2;
  const oy = (1 - sy) / 2;
  const placed: PlacedBox[] = [];
  for (const b of snapshot.boxes.slice(0, MAX_BOXES)) {
    const [x, y, bw, bh] = b.box;
    const left = clamp(ox + (x / w) * sx);
    const top = clamp(oy + (y / h) * sy);
    const right = clamp(ox + ((x + bw) / w) * sx);
    const bottom = clamp(oy + ((y + bh) / h) * sy);
    if (right <= left || bottom <= top) continue;
    placed.push({ label: b.label, score: b.score, left, top, width: right - left, height: bottom - top });
  }
  return placed;
}

/** `person 87%`: what a box says. */
export const boxText = (b: Pick<PlacedBox, 'label' | 'score'>): string => `${b.label} ${Math.round(b.score * 100)}%`;

/** A layer over the picture with one outlined box per object, each labelled with its label and score. */
export function boxesLayer(snapshot: SnapshotBoxes, frameAspect: number): HTMLElement {
  const layer = el('div', 'ev-boxes', 'event-boxes');
  layer.setAttribute('aria-hidden', 'true');
  layer.append(...boxNodes(snapshot, frameAspect, 'cover', 'event-box'));
  return layer;
}

/** One outlined, labelled box per object that lies in the frame (`testId` names each box and its label). */
export function boxNodes(snapshot: SnapshotBoxes, frameAspect: number, fit: 'cover' | 'contain', testId: string): HTMLElement[] {
  const nodes: HTMLElement[] = [];
  for (const b of placeBoxes(snapshot, frameAspect, fit)) {
    const node = el('div', 'ev-box', testId);
    node.dataset.object = toneOf(b.label);
    node.dataset.label = b.label;
    Object.assign(node.style, { left: `${b.left * 100}%`, top: `${b.top * 100}%`, width: `${b.width * 100}%`, height: `${b.height * 100}%` });
    node.append(el('span', 'ev-box-label', `${testId}-label`, boxText(b)));
    node.title = `${labelWords(b.label)}, score ${Math.round(b.score * 100)}%`;
    nodes.push(node);
  }
  return nodes;
}
