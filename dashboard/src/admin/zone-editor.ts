/**
 * Detection zones drawn over the camera's current picture (#39), on the mask editor's stage (the
 * same picture, layer and pointer events, so a finger works as a mouse does): "Draw a zone", then
 * a click (or tap) per corner, and Finish, Enter or a click on the first corner closes it. Each zone
 * has a name ("Driveway") that notifications say, and may have a loitering time (#57): an object
 * staying in it longer is its own alert. Points are fractions of the picture (0-1), as the relay's
 * detection settings take them.
 */
import { LOITER_LIMITS, MAX_ZONE_POINTS, MAX_ZONES, ZONE_NAME_MAX, type Zone, type ZonePoint } from '../../../common/detect/detect-settings.js';
import { el, setText } from '../dom.js';
import { button, textInput } from './admin-markup.js';

const SVG = 'http://www.w3.org/2000/svg';
/** A click this close to the first corner (of the picture's width and height) closes the zone. */
const CLOSE_TO = 0.03;

const clamp = (v: number) => Math.min(1, Math.max(0, v));
const round = (v: number) => Math.round(v * 10_000) / 10_000;
const pointsAttr = (points: readonly ZonePoint[]) => points.map((p) => `${p.x * 100},${p.y * 100}`).join(' ');
/** A copy of a zone; its loitering time only when it has one, so a zone without stays as the relay sent it. */
export const copyZone = (z: Zone): Zone => ({
  name: z.name,
  points: z.points.map((p) => ({ ...p })),
  ...(z.loiterSeconds === undefined ? {} : { loiterSeconds: z.loiterSeconds }),
});

/** The first name `Zone N` not taken. */
export function freeZoneName(zones: readonly Zone[]): string {
  const taken = new Set(zones.map((z) => z.name.toLowerCase()));
  for (let n = zones.length + 1; ; n++) if (!taken.has(`zone ${n}`)) return `Zone ${n}`;
}

export class ZoneEditor {
  readonly root = el('div', 'mask-editor zone-editor', 'zone-editor');
  private readonly stage = el('div', 'mask-stage');
  private readonly picture = el('img', 'mask-picture', 'zone-picture');
  private readonly layer = el('div', 'mask-layer zone-layer', 'zone-layer');
  private readonly svg = document.createElementNS(SVG, 'svg');
  private readonly names = el('div', 'zone-names');
  private readonly rows = el('div', 'zone-rows', 'zone-rows');
  private readonly count = el('span', 'mask-count', 'zone-count');
  private readonly note = el('p', 'rec-hint mask-note', 'zone-note');
  private readonly add = button('diag-button', 'zone-add', 'Draw a zone');
  private readonly finish = button('diag-button', 'zone-finish', 'Finish zone');
  private readonly cancel = button('diag-button', 'zone-cancel', 'Cancel');
  private list: Zone[] = [];
  private draft: ZonePoint[] | null = null;

  constructor(snapshotUrl: string, zones: Zone[]) {
    const head = el('div', 'mask-head');
    const reload = button('diag-button', 'zone-reload', 'New picture');
    head.append(el('span', 'mask-title', undefined, 'Zones'), this.count, this.add, this.finish, this.cancel, reload);
    this.picture.alt = '';
    this.picture.loading = 'lazy';
    this.picture.src = snapshotUrl;
    this.picture.addEventListener('load', () => this.stage.style.setProperty('aspect-ratio', `${this.picture.naturalWidth} / ${this.picture.naturalHeight}`));
    this.picture.addEventListener('error', () => this.say('No picture of this camera yet: zones can still be drawn on the grey area.'));
    this.svg.setAttribute('viewBox', '0 0 100 100');
    this.svg.setAttribute('preserveAspectRatio', 'none');
    this.svg.classList.add('zone-svg');
    this.layer.tabIndex = 0;
    this.layer.setAttribute('role', 'group');
    this.layer.setAttribute('aria-label', 'Zones over the picture: Draw a zone, then click each corner; Enter finishes, Escape cancels');
    this.layer.append(this.svg, this.names);
    this.stage.append(this.picture, this.layer);
    const hint = el(
      'p',
      'rec-hint',
      undefined,
      'Events and notifications say which zone an object is in ("Person · Driveway"). No zone: the whole picture. A zone’s loitering time (Loiter) makes a stay longer than that an alert of its own ("Person in Driveway for 30 s").',
    );
    this.root.append(head, hint, this.stage, this.note, this.rows);
    this.note.hidden = true;
    reload.addEventListener('click', () => (this.picture.src = `${snapshotUrl}?t=${Date.now()}`));
    this.add.addEventListener('click', () => this.startDraft());
    this.finish.addEventListener('click', () => this.closeDraft());
    this.cancel.addEventListener('click', () => this.dropDraft());
    this.layer.addEventListener('pointerdown', (e) => {
      if (this.draft && e.button === 0) e.preventDefault();
    });
    this.layer.addEventListener('pointerup', (e) => this.corner(e));
    this.layer.addEventListener('keydown', (e) => {
      if (!this.draft) return;
      if (e.key === 'Enter') this.closeDraft();
      else if (e.key === 'Escape') this.dropDraft();
      else return;
      e.preventDefault();
    });
    this.set(zones);
  }

  /** The zones as the form sends them, names as typed. */
  get zones(): Zone[] {
    return this.list.map(copyZone);
  }

  set(zones: Zone[]): void {
    this.list = zones.map(copyZone);
    this.draft = null;
    this.say(null);
    this.render();
  }

  /** Marks the zone a refusal names (or none), so its name box is the one to fix. */
  mark(index: number | null): void {
    this.rows.querySelectorAll('[data-testid="zone-name"]').forEach((input, i) => {
      if (i === index) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    });
  }

  private say(text: string | null): void {
    setText(this.note, text ?? '');
    this.note.hidden = !text;
  }

  private startDraft(): void {
    if (this.list.length >= MAX_ZONES) return this.say(`At most ${MAX_ZONES} zones: remove one to draw another.`);
    this.draft = [];
    this.say('Click each corner of the zone on the picture, then Finish zone (or click the first corner again).');
    this.render();
    this.layer.focus();
  }

  private point(e: PointerEvent): ZonePoint {
    const box = this.layer.getBoundingClientRect();
    return { x: round(clamp((e.clientX - box.left) / box.width)), y: round(clamp((e.clientY - box.top) / box.height)) };
  }

  private corner(e: PointerEvent): void {
    if (!this.draft || e.button !== 0) return;
    const p = this.point(e);
    const first = this.draft[0];
    if (first && this.draft.length >= 3 && Math.abs(p.x - first.x) < CLOSE_TO && Math.abs(p.y - first.y) < CLOSE_TO) return this.closeDraft();
    if (this.draft.length >= MAX_ZONE_POINTS) return this.say(`A zone has at most ${MAX_ZONE_POINTS} corners: Finish zone.`);
    this.draft.push(p);
    this.render();
  }

  private closeDraft(): void {
    if (!this.draft) return;
    if (this.draft.length < 3) return this.say('A zone needs at least 3 corners: click on the picture to add them.');
    this.list.push({ name: freeZoneName(this.list), points: this.draft });
    this.draft = null;
    this.say(null);
    this.render();
    this.rows.querySelector<HTMLInputElement>('.zone-row:last-child input')?.select();
  }

  private dropDraft(): void {
    this.draft = null;
    this.say(null);
    this.render();
  }

  private remove(index: number): void {
    this.list.splice(index, 1);
    this.render();
  }

  private render(): void {
    const drawing = this.draft !== null;
    this.root.toggleAttribute('data-drawing', drawing);
    this.add.hidden = drawing;
    this.finish.hidden = this.cancel.hidden = !drawing;
    this.finish.disabled = (this.draft?.length ?? 0) < 3;
    const shapes: SVGElement[] = this.list.map((z, i) => {
      const polygon = document.createElementNS(SVG, 'polygon');
      polygon.setAttribute('points', pointsAttr(z.points));
      polygon.classList.add('zone-shape');
      polygon.dataset.index = String(i);
      polygon.dataset.testid = 'zone-shape';
      return polygon;
    });
    if (this.draft) {
      const line = document.createElementNS(SVG, 'polyline');
      line.setAttribute('points', pointsAttr(this.draft));
      line.classList.add('zone-shape', 'zone-draft');
      shapes.push(line);
    }
    this.svg.replaceChildren(...shapes);
    // Names, and the draft's corners, as HTML: an SVG stretched to the picture would stretch them too.
    const labels = this.list.map((z) => {
      const top = z.points.reduce((a, b) => (b.y < a.y ? b : a));
      const node = el('span', 'zone-label', 'zone-label', z.name);
      Object.assign(node.style, { left: `${top.x * 100}%`, top: `${top.y * 100}%` });
      return node;
    });
    const corners = (this.draft ?? []).map((p) => {
      const node = el('span', 'zone-corner', 'zone-corner');
      Object.assign(node.style, { left: `${p.x * 100}%`, top: `${p.y * 100}%` });
      return node;
    });
    this.names.replaceChildren(...labels, ...corners);
    this.rows.replaceChildren(...this.list.map((z, i) => this.row(z, i)));
    setText(this.count, `${this.list.length} of ${MAX_ZONES}`);
  }

  private row(zone: Zone, index: number): HTMLElement {
    const row = el('div', 'zone-row', 'zone-row');
    const name = textInput('zone-name', { maxlength: String(ZONE_NAME_MAX), 'aria-label': `Name of zone ${index + 1}` });
    name.value = zone.name;
    name.addEventListener('input', () => {
      zone.name = name.value;
      const label = this.names.querySelectorAll('.zone-label')[index];
      if (label) setText(label, name.value);
    });
    const x = button('diag-button admin-danger', 'zone-remove', 'Remove');
    x.setAttribute('aria-label', `Remove zone ${zone.name}`);
    x.addEventListener('click', () => this.remove(index));
    row.append(name, el('span', 'zone-points', undefined, `${zone.points.length} corners`), this.loiter(zone, index), x);
    return row;
  }

  /** The zone's loitering time in seconds; empty is none. A value out of bounds is sent as typed, for the form's check to name. */
  private loiter(zone: Zone, index: number): HTMLElement {
    const [min, max] = LOITER_LIMITS;
    const input = textInput('zone-loiter', { type: 'number', min: String(min), max: String(max), step: '1', inputmode: 'numeric', placeholder: 'off' });
    input.setAttribute('aria-label', `Loitering time of zone ${index + 1}, in seconds (empty: none)`);
    input.value = zone.loiterSeconds === undefined ? '' : String(zone.loiterSeconds);
    input.addEventListener('input', () => {
      if (input.value.trim() === '') delete zone.loiterSeconds;
      else zone.loiterSeconds = Number(input.value);
    });
    const label = el('label', 'zone-loiter');
    label.append(el('span', 'zone-loiter-words', undefined, 'Loiter'), input, el('span', 'zone-loiter-words', undefined, 's'));
    return label;
  }
}
