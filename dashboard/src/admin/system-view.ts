/**
 * System (#42 item 3) on the settings page: the relay's health in words (version, uptime, CPU, memory, disk with the
 * retention forecast, who is connected), what its object detector can carry (`GET /api/detection/capacity`, #57 item 6)
 * and its recent warnings and errors, read each time the section opens (and on Refresh); and the diagnostics bundle, a plain download of `api/system/diagnostics` (the
 * session cookie goes with it; relative, so a relay under a sub-path serves it too).
 */
import type { RelayLogEntry, SystemStatus } from '../../../shared/system.js';
import { el, setText } from '../dom.js';
import { adminSection, button, whileBusy, type AdminViewDeps } from './admin-markup.js';
import { parseCapacity } from './capacity-data.js';
import { clientsText, cpuText, diskText, entryWhen, formatDuration, memoryText, parseSystem, retentionText } from './system-data.js';

const LEVEL_WORD: Record<RelayLogEntry['level'], string> = { warn: 'Warning', error: 'Error', fatal: 'Fatal' };

/** "14:02:11" today, "25 Nov 14:02" before. */
function timeOf(ms: number): string {
  const d = new Date(ms);
  const today = new Date().toDateString() === d.toDateString();
  return today
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : d.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export class SystemView {
  readonly root: HTMLElement;
  private readonly facts = el('dl', 'system-facts', 'system-facts');
  private readonly disk = el('p', 'system-disk', 'system-disk');
  private readonly retention = el('p', 'diag-note', 'system-retention');
  private readonly capacity = el('p', 'system-capacity', 'system-capacity');
  private readonly overload = el('p', 'system-overload', 'system-overload');
  private readonly detection: HTMLElement;
  private readonly log = el('ol', 'system-log', 'system-log');
  private readonly noLog = el('p', 'diag-empty', 'system-log-empty', 'No warnings or errors since the relay started.');
  private readonly refresh = button('diag-button', 'system-refresh', 'Refresh');
  private generation = 0;

  constructor(private readonly deps: AdminViewDeps) {
    this.refresh.addEventListener('click', () => void whileBusy(this.refresh, () => this.load()));
    const download = el('a', 'diag-button system-download', 'system-download', 'Download diagnostics');
    download.href = 'api/system/diagnostics';
    download.download = '';
    const bundleNote = el(
      'p',
      'diag-note',
      undefined,
      'One JSON file to attach to a bug report: versions, the settings without passwords, tokens or camera credentials, the recent log and a metrics snapshot (docs/system.md).',
    );
    const actions = el('div', 'system-actions');
    actions.append(download, this.refresh);
    this.noLog.hidden = true;
    const detectionNote = el(
      'p',
      'diag-note',
      undefined,
      'Cameras are looked at only while motion lasts, at their own rate; skipped looks and each camera’s looks a second are under Detection (docs/detection.md#capacity).',
    );
    this.detection = adminSection('Object detection', [this.capacity, this.overload, detectionNote]);
    this.detection.hidden = true;
    this.overload.hidden = true;
    this.root = el('div', 'system-view', 'system-view');
    this.root.append(
      adminSection('This relay', [this.facts]),
      adminSection('Disk', [this.disk, this.retention]),
      this.detection,
      adminSection('Recent warnings and errors', [this.log, this.noLog]),
      adminSection('Diagnostics bundle', [bundleNote, actions]),
    );
  }

  async load(): Promise<void> {
    const generation = ++this.generation;
    const [answer, capacity] = await Promise.all([this.deps.api.get<unknown>('/api/system'), this.deps.api.get<unknown>('/api/detection/capacity')]);
    if (generation !== this.generation) return;
    // A relay without object detection (or an older one) answers 404: the section stays hidden.
    this.showCapacity(capacity.ok ? parseCapacity(capacity.body) : null);
    if (!answer.ok) return this.deps.report(answer.body.message);
    const status = parseSystem(answer.body);
    if (!status) return this.deps.report('The relay sent a System answer this page cannot read.');
    this.show(status);
  }

  private showCapacity(c: ReturnType<typeof parseCapacity>): void {
    this.detection.hidden = c === null;
    setText(this.capacity, c?.text ?? '');
    setText(this.overload, c?.warning ?? '');
    this.overload.hidden = !c?.warning;
  }

  private show(s: SystemStatus): void {
    const rows: Array<[string, string, string]> = [
      ['version', 'Version', `camrelay ${s.version} · Node ${s.node.replace(/^v/, '')}`],
      ['uptime', 'Running for', formatDuration(s.uptimeS)],
      ['cpu', 'CPU', cpuText(s.cpu)],
      ['memory', 'Memory', memoryText(s.memory)],
      ['clients', 'Connected', clientsText(s.clients)],
    ];
    this.facts.replaceChildren(
      ...rows.flatMap(([id, term, value]) => [el('dt', 'system-term', undefined, term), el('dd', 'system-value', `system-${id}`, value)]),
    );
    setText(this.disk, diskText(s.disk));
    setText(this.retention, retentionText(s.disk));
    // Newest first: the line a person looks for is the last thing that went wrong.
    const entries = [...s.log].reverse();
    this.log.replaceChildren(...entries.map((e) => this.entry(e)));
    this.noLog.hidden = entries.length > 0;
    this.log.hidden = entries.length === 0;
  }

  private entry(e: RelayLogEntry): HTMLElement {
    const item = el('li', 'system-entry', 'system-entry');
    item.dataset.level = e.level;
    const head = el('p', 'system-entry-head');
    head.append(
      el('span', 'system-level', undefined, LEVEL_WORD[e.level]),
      ' ',
      el('code', 'system-code', 'system-code', e.code),
      ' ',
      el('span', 'system-when', undefined, entryWhen(e, timeOf)),
    );
    const message = el('p', 'system-message', undefined, e.module ? `${e.message} (${e.module})` : e.message);
    item.append(head, message);
    if (e.detail) item.append(el('p', 'system-detail', undefined, e.detail));
    return item;
  }
}
