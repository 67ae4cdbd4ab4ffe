/** The Diagnostics drawer's elements, built once from what the receivers bring (probes, sections). */
import { el } from '../dom.js';
import type { ReceiverModule, SectionRow } from '../receivers/receiver.js';
import { CameraTable } from './camera-table.js';

/** A labelled figure: `<div><dt>label</dt><dd data-testid>value</dd></div>`. */
function row(label: string, value: HTMLElement, help = ''): HTMLElement {
  const wrap = el('div', 'diag-row');
  const dt = el('dt', 'diag-label', undefined, label);
  if (help) dt.title = help;
  wrap.append(dt, value);
  return wrap;
}

function section(title: string, children: HTMLElement[], action?: HTMLElement): HTMLElement {
  const head = el('div', 'diag-section-head');
  head.append(el('h3', 'diag-heading', undefined, title));
  if (action) head.append(action);
  const node = el('section', 'diag-section');
  node.append(head, ...children);
  return node;
}

/** The elements of the Diagnostics drawer, built once; `Diagnostics` only changes their text and attributes. */
export class DiagnosticsMarkup {
  readonly close = el('button', 'drawer-close', 'diag-close', '×');
  readonly retest = el('button', 'diag-button', 'diag-retest', 'Test again');
  /** Each probe's value cell, by probe name. */
  readonly probes = new Map<string, HTMLElement>();
  readonly status = el('dd', 'diag-value', 'diag-status', '—');
  readonly transport = el('dd', 'diag-value', 'diag-transport', '—');
  readonly rtt = el('dd', 'diag-value', 'diag-rtt', '—');
  readonly offset = el('dd', 'diag-value', 'diag-clock-offset', '—');
  readonly version = el('dd', 'diag-value', 'diag-server-version', '—');
  readonly cluster = el('dd', 'diag-value', 'diag-cluster', '—');
  /** Each receiver section's value cells, by `<receiver>-<row key>`. */
  readonly figures = new Map<string, HTMLElement>();
  readonly cameras = new CameraTable();
  readonly events = el('ul', 'diag-events', 'diag-events');

  constructor(root: HTMLElement, receivers: readonly ReceiverModule[]) {
    this.close.type = 'button';
    this.close.setAttribute('aria-label', 'Close diagnostics');
    this.retest.type = 'button';

    const title = el('h2', 'drawer-title', undefined, 'Diagnostics');
    const head = el('header', 'drawer-head');
    head.append(title, this.close);

    const probeList = el('dl', 'diag-list');
    for (const probe of receivers.flatMap((r) => r.probes)) {
      const value = el('dd', 'diag-value diag-probe', `diag-transport-${probe.name}`, 'not tested');
      value.dataset.phase = 'idle';
      this.probes.set(probe.name, value);
      probeList.append(row(probe.label, value, probe.help));
    }
    const note = el('p', 'diag-note', undefined, 'Each test opens its own short connection from this browser, then closes it.');
    const transports = section('Transports that work right now', [probeList, note], this.retest);

    const live = el('dl', 'diag-list');
    live.append(
      row('Status', this.status),
      row('Transport', this.transport, 'What carries the live connection right now.'),
      row('Round trip', this.rtt, 'The shortest of the recent time requests on the live connection.'),
      row('Clock offset', this.offset),
      row('Server version', this.version),
      row('Cluster', this.cluster, 'With several relay nodes: whether this node reaches the others through Redis.'),
    );

    const body = el('div', 'drawer-body');
    body.append(
      transports,
      section('Live connection', [live]),
      ...receivers.flatMap((r) => (r.section ? [section(r.section.title, [this.figureList(r.name, r.section.rows)])] : [])),
      section('Cameras', [this.cameras.root]),
      section('Recent connection events', [this.events]),
    );
    root.replaceChildren(head, body);
  }

  /** A receiver's own rows, their cells `diag-<receiver>-<key>`. */
  private figureList(name: string, rows: readonly SectionRow[]): HTMLElement {
    const list = el('dl', 'diag-list');
    for (const r of rows) {
      const value = el('dd', 'diag-value', `diag-${name}-${r.key}`, '—');
      this.figures.set(`${name}-${r.key}`, value);
      list.append(row(r.label, value, r.help));
    }
    return list;
  }
}
