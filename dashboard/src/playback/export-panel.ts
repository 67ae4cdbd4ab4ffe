/**
 * Export a clip: a span from the playhead (30 s, 2 min, 10 min) or a range marked in and out on the
 * timeline, fetched from `GET /api/cameras/<id>/export.mp4?from=&to=` and saved by an `<a download>`.
 * Fetched first rather than linked, so that a refusal (nothing recorded, two exports running)
 * is shown in words instead of becoming a broken download. A range with gaps is described first
 * (`export.json`) and downloaded only once confirmed: the clip joins the recordings end to end.
 * With "Detected objects" ticked, the detector's looks of the range (`looks`) follow as a JSON file
 * named after the clip, each at its clock time, beside the clip's recorded range and gaps.
 */
import { PAGE_REQUEST_HEADER } from '../../../shared/auth.js';
import { el, setText } from '../dom.js';
import type { DayData } from './day-data.js';
import type { ExportPlan } from '../../../shared/export-plan.js';
import type { RecordedLook, RecordedLooks } from '../../../shared/live-objects.js';
import { complete, exportSummary } from './export-summary.js';
import { clockTime, duration, MINUTE, SECOND } from './time.js';

export interface ExportHooks {
  camera(): string | null;
  playhead(): number | null;
  day(): DayData | null;
  url(path: string): string;
  /** The marked range changed: the timeline shows it. */
  marked(range: { from: number; to: number } | null): void;
}

/** The relay gives the looks of an hour per request: a longer clip's are asked for an hour at a time. */
const LOOKS_RANGE_MS = 60 * MINUTE;

const SPANS = [
  { ms: 30 * SECOND, label: '30 s' },
  { ms: 2 * MINUTE, label: '2 min' },
  { ms: 10 * MINUTE, label: '10 min' },
];

export class ExportPanel {
  /** The panel, shown under the timeline once the toggle opens it. */
  readonly root = el('div', 'pb-export', 'export');
  /** Opens and closes the panel: placed in the row above the timeline. */
  readonly toggle = el('button', 'bar-button', 'export-toggle', 'Export…');
  private readonly status = el('p', 'pb-export-status', 'export-status');
  /** Download and Cancel, shown while a described clip waits for its confirmation or while it downloads. */
  private readonly confirm = el('div', 'pb-export-row', 'export-confirm');
  private readonly go = this.button('Download', 'export-download', 'Download the clip as described', () => this.settle(true));
  private readonly cancel = this.button('Cancel', 'export-cancel', 'Do not download this clip, or stop the download', () => this.settle(false));
  /** Whether the detector's looks of the clip are saved beside it. */
  private readonly withBoxes = el('input', undefined, 'export-boxes');
  private markIn: number | null = null;
  private markOut: number | null = null;
  private busy = false;
  /** Ends the wait for a confirmation (true: download), or aborts the download under way. */
  private settle: (go: boolean) => void = () => {};

  constructor(private readonly hooks: ExportHooks) {
    this.toggle.type = 'button';
    this.toggle.setAttribute('aria-expanded', 'false');
    this.toggle.addEventListener('click', () => this.setOpen(this.root.hidden === true));
    const from = el('span', 'pb-export-label', undefined, 'From the playhead:');
    const spans = SPANS.map(({ ms, label }) =>
      this.button(label, `export-${label.replace(' ', '')}`, `Export ${label} from the playhead`, () => this.fromPlayhead(ms)),
    );
    const marks = [
      this.button('Mark in', 'export-mark-in', 'Mark the start of the clip at the playhead', () => this.mark('in')),
      this.button('Mark out', 'export-mark-out', 'Mark the end of the clip at the playhead', () => this.mark('out')),
      this.button('Export marked', 'export-marked', 'Export from the in mark to the out mark', () => this.exportMarked()),
    ];
    const row1 = el('div', 'pb-export-row');
    row1.append(from, ...spans);
    const row2 = el('div', 'pb-export-row');
    row2.append(...marks);
    this.withBoxes.type = 'checkbox';
    const boxes = el('label', 'pb-export-label');
    boxes.append(this.withBoxes, ' Detected objects (JSON beside the clip)');
    const row3 = el('div', 'pb-export-row');
    row3.append(boxes);
    this.status.setAttribute('role', 'status');
    this.confirm.append(this.go, this.cancel);
    this.confirm.hidden = true;
    this.root.append(row1, row2, row3, this.status, this.confirm);
    this.root.hidden = true;
  }

  private button(text: string, testId: string, label: string, act: () => void): HTMLButtonElement {
    const b = el('button', 'bar-button', testId, text);
    b.type = 'button';
    b.title = label;
    b.addEventListener('click', act);
    return b;
  }

  setOpen(open: boolean): void {
    this.root.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
  }

  /** Another camera or day: marks belong to the old one. */
  reset(): void {
    this.settle(false);
    this.markIn = this.markOut = null;
    this.hooks.marked(null);
    setText(this.status, '');
  }

  private fromPlayhead(ms: number): void {
    const t = this.hooks.playhead();
    if (t === null) return this.say('Choose a moment on the timeline first: the clip starts there.');
    void this.download(t, t + ms);
  }

  private mark(which: 'in' | 'out'): void {
    const t = this.hooks.playhead();
    if (t === null) return this.say('Choose a moment on the timeline first, then mark it.');
    if (which === 'in') this.markIn = t;
    else this.markOut = t;
    const [a, b] = [this.markIn, this.markOut];
    this.hooks.marked(a !== null && b !== null && b > a ? { from: a, to: b } : a !== null ? { from: a, to: a } : null);
    this.say(
      a !== null && b !== null
        ? b > a
          ? `Marked ${clockTime(a)} to ${clockTime(b)} (${duration(b - a)}).`
          : 'The out mark is before the in mark: mark them again.'
        : `Marked ${which} at ${clockTime(t)}.`,
    );
  }

  private exportMarked(): void {
    const [a, b] = [this.markIn, this.markOut];
    if (a === null || b === null || b <= a) return this.say('Mark in and mark out first (in before out).');
    // The relay's range is [from, to): the frame on screen at the out mark starts at the playhead, and
    // a person who marked it expects it in the clip, so the range ends just after its start.
    void this.download(a, b + 1);
  }

  private say(text: string, error = false): void {
    setText(this.status, text);
    this.status.toggleAttribute('data-error', error);
  }

  /** Checks what the page knows, asks the relay what the clip will hold, then fetches it and hands it to the browser's downloads. */
  async download(from: number, to: number): Promise<void> {
    const camera = this.hooks.camera();
    if (!camera || this.busy) return;
    from = Math.round(from);
    to = Math.round(to);
    if (to - from > 24 * 60 * MINUTE) return this.say('A clip can be at most 24 hours long.', true);
    const segments = (this.hooks.day()?.segments ?? []).filter((s) => s.end > from && s.start < to);
    if (segments.length === 0) return this.say(`Nothing was recorded between ${clockTime(from)} and ${clockTime(to)}.`, true);
    this.busy = true;
    const base = `/api/cameras/${encodeURIComponent(camera)}/export`;
    const query = `?from=${from}&to=${to}`;
    try {
      const planned = await fetch(this.hooks.url(`${base}.json${query}`), { credentials: 'same-origin', headers: { [PAGE_REQUEST_HEADER]: '1' } });
      if (!planned.ok) return await this.refused(planned);
      const plan = (await planned.json()) as ExportPlan;
      if (!complete(plan)) {
        this.say(exportSummary(plan));
        if (!(await this.confirmed(true))) return this.say('');
      }
      await this.fetchClip(`${base}.mp4${query}`, plan);
    } catch (err) {
      if ((err as Error).name === 'AbortError') return this.say('The download was cancelled.');
      this.say('The clip could not be downloaded: the server did not answer.', true);
    } finally {
      this.busy = false;
      this.confirm.hidden = true;
      this.settle = () => {};
    }
  }

  /** Shows Download and Cancel (Cancel only, while downloading); resolves with the choice. */
  private confirmed(ask: boolean): Promise<boolean> {
    this.confirm.hidden = false;
    this.go.hidden = !ask;
    return new Promise((resolve) => (this.settle = resolve));
  }

  private async refused(res: Response): Promise<void> {
    const body = (await res.json().catch(() => null)) as { message?: string } | null;
    this.say(`The clip could not be made: ${body?.message ?? `the server answered HTTP ${res.status}`}`, true);
  }

  private async fetchClip(path: string, plan: ExportPlan): Promise<void> {
    const abort = new AbortController();
    // Cancel stops the download: the relay ends the export and frees this user's slot.
    void this.confirmed(false).then(() => abort.abort());
    this.say(`Preparing the clip ${clockTime(plan.recordedFrom)} to ${clockTime(plan.recordedTo)}…`);
    const res = await fetch(this.hooks.url(path), { credentials: 'same-origin', signal: abort.signal, headers: { [PAGE_REQUEST_HEADER]: '1' } });
    if (!res.ok) return this.refused(res);
    const blob = await res.blob();
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? plan.name;
    this.save(blob, name, 'export-link');
    let saved = `Saved ${name} (${(blob.size / 1e6).toFixed(1)} MB)`;
    if (this.withBoxes.checked) {
      const looks = await this.looks(plan, abort.signal);
      const file = name.replace(/\.mp4$/, '') + '.objects.json';
      const { camera, recordedFrom, recordedTo, gaps } = plan;
      this.save(new Blob([JSON.stringify({ camera, recordedFrom, recordedTo, gaps, looks })], { type: 'application/json' }), file, 'export-looks-link');
      saved += looks ? ` and ${file} (${looks.length} look${looks.length === 1 ? '' : 's'})` : `; the detected objects could not be read`;
    }
    this.say(`${saved}${complete(plan) ? '.' : `: ${exportSummary(plan)}`}`);
  }

  /** The detector's looks of the clip's range, an hour per request; null when the relay refused. */
  private async looks(plan: ExportPlan, signal: AbortSignal): Promise<RecordedLook[] | null> {
    const all: RecordedLook[] = [];
    for (let from = plan.from; from < plan.to; from += LOOKS_RANGE_MS) {
      const to = Math.min(plan.to, from + LOOKS_RANGE_MS);
      const path = `/api/cameras/${encodeURIComponent(plan.camera)}/looks?from=${from}&to=${to}`;
      const res = await fetch(this.hooks.url(path), { credentials: 'same-origin', signal, headers: { [PAGE_REQUEST_HEADER]: '1' } });
      if (!res.ok) return null;
      // Each answer gives a look still shown at its start too: only those of its own range are kept.
      all.push(...((await res.json()) as RecordedLooks).looks.filter((l) => l.at >= from));
    }
    return all;
  }

  /** Hands `blob` to the browser's downloads as `name`. */
  private save(blob: Blob, name: string, testId: string): void {
    const a = el('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.dataset.testid = testId;
    a.hidden = true;
    this.root.append(a);
    a.click();
    // The download has taken the blob once the click's task has run.
    setTimeout(() => (URL.revokeObjectURL(a.href), a.remove()), 60_000);
  }
}
