/**
 * The settings page's Detection section (#39), after Recording: each camera's detection in
 * words (following what, where it runs, the detector's state and failure, frames detected and
 * skipped, its last minute of looks) and, opened, its settings form. The words are read again every 10 s while the section is
 * open and the page visible; an open form is never rebuilt under the admin's fingers.
 */
import { el, setAttr, setText } from '../dom.js';
import { adminSection, type AdminViewDeps } from './admin-markup.js';
import { looksText } from './capacity-data.js';
import { describeStatus, parseAnswer, summaryOf, type DetectionFacts } from './detection-data.js';
import { DetectionForm } from './detection-form.js';
import { parseRevised, type Revised } from './edit-conflict.js';
import './detection.css';

const REFRESH_MS = 10_000;

interface Row {
  details: HTMLDetailsElement;
  state: HTMLElement;
  lines: HTMLElement;
  /** Looks a second, skipped, ms and regions a look over the last minute (#57 item 6); hidden while it does not detect. */
  looks: HTMLElement;
  form: DetectionForm | null;
}

export class DetectionView {
  readonly root: HTMLElement;
  private readonly list = el('div', 'rec-list', 'det-list');
  private readonly empty = el('p', 'diag-empty', undefined, 'No cameras yet: a camera appears here once it has connected.');
  private rows = new Map<string, Row>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly deps: AdminViewDeps) {
    const note = el(
      'p',
      'diag-note',
      undefined,
      'Motion wakes the detector: it looks for the objects followed while motion lasts, and events say what it saw (docs/detection.md).',
    );
    this.root = adminSection('Object detection', [this.list, this.empty, note]);
    this.root.dataset.testid = 'det-section';
  }

  /** Builds the list anew (the section was shown), then keeps its words fresh until `stop()`. */
  async load(): Promise<void> {
    const answer = await this.deps.api.get<unknown>('/api/cameras');
    if (!answer.ok) return this.deps.report(answer.body.message);
    const cameras = Array.isArray(answer.body) ? answer.body.flatMap((c: { id?: unknown; name?: unknown }) => (typeof c?.id === 'string' ? [c] : [])) : [];
    this.rows = new Map();
    this.list.replaceChildren(...cameras.map((c) => this.row(c.id as string, typeof c.name === 'string' ? c.name : (c.id as string))));
    this.empty.hidden = cameras.length > 0;
    await this.refresh();
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, REFRESH_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads each camera's detection again and rewrites the words (forms keep what is typed). */
  async refresh(): Promise<void> {
    await Promise.all(
      [...this.rows.keys()].map(async (id) => {
        const answer = await this.deps.api.get<unknown>(`/api/cameras/${encodeURIComponent(id)}/detection`);
        if (answer.ok) {
          this.showLooks(id, looksText(answer.body));
          return this.show(id, parseAnswer(answer.body), null, parseRevised(answer.body));
        }
        this.showLooks(id, null);
        const older = answer.status === 404 && answer.body.error !== 'UNKNOWN_CAMERA';
        this.show(id, null, older ? 'This relay does not detect objects (an older version).' : answer.body.message);
      }),
    );
  }

  private row(id: string, name: string): HTMLElement {
    const details = el('details', 'rec-camera', 'det-camera');
    details.dataset.cameraId = id;
    const summary = el('summary', 'rec-summary');
    const state = el('span', 'rec-state', 'det-state', '…');
    // In the summary, so each camera's looks are read at a glance without opening it.
    const looks = el('span', 'det-looks', 'det-looks');
    looks.hidden = true;
    summary.append(el('span', 'rec-name', undefined, name === id ? id : `${name} (${id})`), state, looks);
    const lines = el('div', 'det-status', 'det-status');
    details.append(summary, lines);
    this.rows.set(id, { details, state, lines, looks, form: null });
    return details;
  }

  private showLooks(id: string, text: string | null): void {
    const row = this.rows.get(id);
    if (!row) return;
    setText(row.looks, text ?? '');
    row.looks.hidden = text === null;
  }

  /** `revised`: the answer's revision, kept by a form built now (a refresh never moves an open form's on). */
  private show(id: string, facts: DetectionFacts | null, failure: string | null, revised?: Revised): void {
    const row = this.rows.get(id);
    if (!row) return;
    if (!facts) {
      setText(row.state, failure ?? 'Unknown: this relay’s answer could not be read');
      setAttr(row.state, 'data-tone', 'off');
      return;
    }
    this.showFacts(row, facts);
    if (row.form) return row.form.setFacts(facts);
    row.form = new DetectionForm(
      id,
      facts,
      {
        put: (path, body) => this.deps.api.put(path, body),
        get: (path) => this.deps.api.get(path),
        snapshotUrl: `api/cameras/${encodeURIComponent(id)}/snapshot.jpg`,
        saved: (saved) => this.showFacts(row, saved),
      },
      revised,
    );
    row.details.append(row.form.root);
  }

  private showFacts(row: Row, facts: DetectionFacts): void {
    const { text, tone } = summaryOf(facts);
    setText(row.state, text);
    setAttr(row.state, 'data-tone', tone);
    const lines = describeStatus(facts).map((l) => {
      const node = el('p', 'det-line', `det-${l.key}`, l.text);
      node.dataset.tone = l.tone;
      return node;
    });
    row.lines.replaceChildren(...lines);
  }
}
