/**
 * The settings page's Recording section: each camera's recorder in words (recording, waiting, disk
 * full, error) and, opened, its settings form. The words are read again every 10 s while the section
 * is open and the page visible; an open form is never rebuilt under the admin's fingers.
 */
import type { RecordingOverview } from '../../../shared/recording-status.js';
import type { Unchecked } from '../api.js';
import { el, setAttr, setText } from '../dom.js';
import { adminSection, button, whileBusy, type AdminViewDeps } from './admin-markup.js';
import { describeRecordings, parseSummary } from './delete-camera-dialog.js';
import { describeStatus, formatBytes, parseStatus, type RecordingFacts } from './recording-data.js';
import { RecordingForm } from './recording-form.js';
import { describeSource } from './recording-source.js';
import { parseRevised, type Revised } from './edit-conflict.js';

const REFRESH_MS = 10_000;

interface Row {
  details: HTMLDetailsElement;
  state: HTMLElement;
  how: HTMLElement;
  fix: HTMLElement;
  form: RecordingForm | null;
}

export class RecordingView {
  readonly root: HTMLElement;
  private readonly list = el('div', 'rec-list', 'rec-list');
  private readonly disk = el('p', 'rec-disk', 'rec-disk-full');
  private readonly empty = el('p', 'diag-empty', undefined, 'No cameras yet: a camera appears here once it has connected.');
  private rows = new Map<string, Row>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly deps: AdminViewDeps) {
    this.disk.setAttribute('role', 'alert');
    this.disk.hidden = true;
    const note = el('p', 'diag-note', undefined, 'Recordings are kept on the relay the camera is connected to (docs/recording.md).');
    this.root = adminSection('Recording', [this.disk, this.list, this.empty, note]);
  }

  /** Builds the list anew (the section was shown), then keeps its words fresh until `stop()`. */
  async load(): Promise<void> {
    const [answer, recording] = await Promise.all([
      this.deps.api.get<unknown>('/api/cameras'),
      this.deps.api.get<Unchecked<RecordingOverview>>('/api/recording'),
    ]);
    if (!answer.ok) return this.deps.report(answer.body.message);
    const cameras = Array.isArray(answer.body) ? answer.body.flatMap((c: { id?: unknown; name?: unknown }) => (typeof c?.id === 'string' ? [c] : [])) : [];
    const known = new Set(cameras.map((c) => c.id as string));
    // Cameras deleted with their recordings kept: listed so that those can be deleted later.
    const kept = recording.ok && Array.isArray(recording.body.cameras) ? recording.body.cameras.map(parseStatus).filter((s) => s && !known.has(s.camera)) : [];
    this.rows = new Map();
    const nodes = cameras.map((c) => this.row(c.id as string, typeof c.name === 'string' ? c.name : (c.id as string)));
    nodes.push(...kept.map((s) => this.keptRow(s!)));
    this.list.replaceChildren(...nodes);
    this.empty.hidden = nodes.length > 0;
    await this.refresh();
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, REFRESH_MS);
  }

  /** A deleted camera's kept recordings, with a button to delete them too. */
  private keptRow(status: RecordingFacts): HTMLElement {
    const node = el('div', 'rec-camera rec-kept');
    node.dataset.cameraId = status.camera;
    const summary = el('div', 'rec-summary');
    const state = el('span', 'rec-state', 'rec-state', 'Camera deleted · its recordings are kept');
    summary.append(el('span', 'rec-name', undefined, status.camera), state);
    void this.deps.api.get<unknown>(`/api/cameras/${encodeURIComponent(status.camera)}/recording/files`).then((r) => {
      const held = r.ok ? parseSummary(r.body) : null;
      const what = held ? describeRecordings(held) : null;
      if (what) setText(state, `Camera deleted · recordings kept: ${what}`);
    });
    const remove = button('diag-button admin-danger', 'rec-delete-kept', 'Delete these recordings');
    remove.addEventListener('click', () => void whileBusy(remove, () => this.deleteKept(status.camera)));
    const actions = el('div', 'rec-kept-actions');
    actions.append(remove);
    node.append(summary, actions);
    return node;
  }

  private async deleteKept(camera: string): Promise<void> {
    if (!this.deps.confirm(`Delete every recording of the deleted camera ${camera}? This cannot be undone.`)) return;
    this.deps.report(null);
    const answer = await this.deps.api.delete<unknown>(`/api/cameras/${encodeURIComponent(camera)}?recordings=delete`);
    if (!answer.ok) return this.deps.report(answer.body.message);
    await this.load();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads each camera's recorder again and rewrites the words (forms stay as they are). */
  async refresh(): Promise<void> {
    let diskFull = false;
    await Promise.all(
      [...this.rows.keys()].map(async (id) => {
        const answer = await this.deps.api.get<unknown>(`/api/cameras/${encodeURIComponent(id)}/recording`);
        const status = answer.ok ? parseStatus(answer.body) : null;
        if (status?.diskFull) diskFull = true;
        this.show(id, status, answer.ok ? null : answer.body.message, answer.ok ? parseRevised(answer.body) : undefined);
      }),
    );
    setText(this.disk, diskFull ? "Disk full: recording has stopped, live view is unaffected. Free space on the relay's disk or lower retention below." : '');
    this.disk.hidden = !diskFull;
  }

  private row(id: string, name: string): HTMLElement {
    const details = el('details', 'rec-camera');
    details.dataset.cameraId = id;
    const summary = el('summary', 'rec-summary');
    const title = el('span', 'rec-name', undefined, name === id ? id : `${name} (${id})`);
    const state = el('span', 'rec-state', 'rec-state', '…');
    const how = el('span', 'rec-how', 'rec-how');
    how.hidden = true;
    summary.append(title, state, how);
    const fix = el('p', 'rec-fix', 'rec-fix');
    fix.hidden = true;
    details.append(summary, fix);
    this.rows.set(id, { details, state, how, fix, form: null });
    return details;
  }

  private show(id: string, status: RecordingFacts | null, failure: string | null, revised?: Revised): void {
    const row = this.rows.get(id);
    if (!row) return;
    if (!status) {
      setText(row.state, failure ?? 'Unknown: this relay does not say');
      return;
    }
    const { text, tone, fix } = describeStatus(status);
    const bytes = status.bytes > 0 ? ` · ${formatBytes(status.bytes)} kept` : '';
    setText(row.state, text + (tone === 'bad' ? '' : bytes));
    setAttr(row.state, 'data-tone', tone);
    const how = status.state === 'off' ? null : describeSource(status.source);
    setText(row.how, how?.text ?? '');
    setAttr(row.how, 'data-how', how?.how ?? '');
    row.how.hidden = !how;
    // A full disk is said once, above the list, with what to do.
    const own = status.state === 'disk-full' ? null : fix;
    setText(row.fix, own ?? '');
    row.fix.hidden = !own;
    if (!row.form) {
      // The form keeps the revision it was built from: the 10 s refresh never moves it on under the admin.
      const deps = {
        put: (path: string, body: unknown) => this.deps.api.put<{ settings?: unknown }>(path, body),
        get: (path: string) => this.deps.api.get<unknown>(path),
        snapshotUrl: `api/cameras/${encodeURIComponent(id)}/snapshot.jpg`,
        saved: () => void this.refresh(),
      };
      row.form = new RecordingForm(id, status.settings, deps, revised);
      row.details.append(row.form.root);
    }
  }
}
