/**
 * One review card: a button that plays the moment (its thumbnail with the detector's boxes, labels
 * as chips, zones, camera, start and length) and beside it a button marking it seen or unseen. An
 * unseen card carries a dot and bold text, and says "Unseen" to a screen reader as well.
 */
import type { ReviewItem } from '../../../shared/review.js';
import { el } from '../dom.js';
import { eventTitle, labelChip } from '../playback/event-labels.js';
import '../playback/events.css';
import { boxesLayer } from '../playback/snapshot-boxes.js';
import { clockTime, duration } from '../playback/time.js';
import { nameFaceForm, unknownFaces, type NameFaceDeps } from './name-face.js';
import { facesOf, platesOf, severityWords } from './review-data.js';

/** The card's picture frame (`.ev-picture`, 16:9): boxes are placed for a picture covering it. */
const PICTURE_ASPECT = 16 / 9;
/** Chips a card shows at most: it is small, and the list is untrusted JSON. */
const CHIPS_MAX = 8;

export interface ReviewCardDeps {
  url(path: string): string;
  name(camera: string): string;
  /** Plays the item's moment (and marks it seen). */
  play(item: ReviewItem): void;
  /** Marks it seen or unseen. */
  mark(item: ReviewItem, seen: boolean): void;
  /** For an admin: "Who is this?" under each person seen with a face no one enrolled (name-face.ts). */
  nameFace?: Omit<NameFaceDeps, 'save'> & { save(item: ReviewItem, object: number, choice: Parameters<NameFaceDeps['save']>[1]): Promise<string | null> };
}

/** `14:03:22 · 4 s`, or `· still going` while the event lasts. */
export function whenText(item: ReviewItem): string {
  const e = item.event;
  return `${clockTime(e.start)} · ${e.end === null ? 'still going' : duration(e.end - e.start)}`;
}

/** What a screen reader hears for the card's play button: its state first, as the dot shows it first. */
export function cardLabel(item: ReviewItem, cameraName: string): string {
  const e = item.event;
  const state = item.seen ? 'Seen' : 'Unseen';
  const zones = item.zones.length ? `, in ${item.zones.join(', ')}` : '';
  return `${state} ${severityWords(item.severity, 1)}: ${eventTitle(e)} at ${whenText(item)}, ${cameraName}${zones}. Play from 5 s before`;
}

/** The card of `item`; `data-key` names it, `data-unseen` marks it for the styles and the tests. */
export function reviewCard(item: ReviewItem, deps: ReviewCardDeps): HTMLElement {
  const e = item.event;
  const card = el('article', 'rv-card', 'review-card');
  card.dataset.key = item.key;
  card.dataset.camera = e.camera;
  card.dataset.start = String(e.start);
  card.toggleAttribute('data-unseen', !item.seen);

  const play = el('button', 'rv-play', 'review-play');
  play.type = 'button';
  play.setAttribute('aria-label', cardLabel(item, deps.name(e.camera)));
  play.addEventListener('click', () => deps.play(item));
  play.append(picture(item, deps));
  // The camera heads the card (bold while unseen); the labels follow as chips, or "Motion" when it has none.
  const head = el('span', 'rv-head');
  if (!item.seen) head.append(el('span', 'rv-dot', 'review-unseen-dot'));
  head.append(el('span', 'rv-title', 'review-camera', deps.name(e.camera)));
  play.append(head);
  const chips = el('span', 'ev-labels rv-chips', 'review-labels');
  if (e.labels?.length) chips.append(...e.labels.slice(0, CHIPS_MAX).map((l) => labelChip(l, 'review-label')));
  else chips.append(el('span', 'rv-motion', undefined, 'Motion'));
  play.append(chips);
  // Plates read on its vehicles (#58): the known name first, then the plate as read.
  const plates = platesOf(e).slice(0, CHIPS_MAX);
  if (plates.length) {
    const line = el('span', 'rv-plates', 'review-plates');
    line.append(...plates.map((p) => el('span', 'rv-plate', 'review-plate', p.name ? `${p.name} · ${p.text}` : p.text)));
    play.append(line);
  }
  // Who its persons are (#58): a known face's name, or "unknown person".
  const faces = facesOf(e).slice(0, CHIPS_MAX);
  if (faces.length) {
    const line = el('span', 'rv-plates', 'review-faces');
    line.append(...faces.map((name) => el('span', 'rv-plate', 'review-face', name)));
    play.append(line);
  }
  if (item.zones.length) play.append(el('span', 'rv-zones', 'review-zones', `in ${item.zones.slice(0, CHIPS_MAX).join(', ')}`));
  play.append(el('span', 'rv-when', 'review-time', whenText(item)));

  const mark = el('button', 'bar-button rv-mark', 'review-mark', item.seen ? 'Mark unseen' : 'Mark seen');
  mark.type = 'button';
  mark.setAttribute('aria-label', `${item.seen ? 'Mark unseen' : 'Mark seen'}: ${eventTitle(e)} at ${clockTime(e.start)}, ${deps.name(e.camera)}`);
  mark.addEventListener('click', () => deps.mark(item, !item.seen));
  card.append(play);
  const naming = deps.nameFace;
  if (naming) card.append(...unknownFaces(e).map((object, i) => nameFaceForm(object, i, { ...naming, save: (o, choice) => naming.save(item, o, choice) })));
  card.append(mark);
  return card;
}

/** The thumbnail in its 16:9 frame with the boxes over it; a plain frame saying so when the event has no picture. */
function picture(item: ReviewItem, deps: ReviewCardDeps): HTMLElement {
  const e = item.event;
  const frame = el('span', 'ev-picture rv-picture', 'review-picture');
  if (!e.thumbnailUrl) {
    frame.append(el('span', 'ev-thumb ev-no-picture', 'review-thumbnail', 'no picture'));
    return frame;
  }
  const img = el('img', 'ev-thumb', 'review-thumbnail');
  img.alt = '';
  img.loading = 'lazy';
  img.src = deps.url(e.thumbnailUrl);
  frame.append(img);
  // Boxes are in the snapshot's pixels: the thumbnail is the same picture, smaller.
  if (e.boxes?.boxes.length) frame.append(boxesLayer(e.boxes, PICTURE_ASPECT));
  return frame;
}
