/** The Diagnostics drawer's behaviour: what it reads, and when (once a second, and only while it is open). */
import { formatClockTime, type ConnectionLog } from '../connection/connection-log.js';
import type { ConnectionState } from '../connection/connection.js';
import { el, setAttr, setText } from '../dom.js';
import { Drawer } from '../drawer.js';
import type { ReceiverSet } from '../receivers/receiver-set.js';
import type { CameraDiagnostics } from '../tiles/camera-tile.js';
import type { Probe, ProbeIo, ProbeState } from '../receivers/probe.js';
import { formatClockOffset, formatProbe, formatRtt, probeTitle } from './diagnostics-format.js';
import { DiagnosticsMarkup } from './diagnostics-markup.js';

// Once a second is plenty for a human reading figures, and costs nothing while the drawer is closed.
const REFRESH_MS = 1000;

/** What the panel reads; all of it already exists for the grid and the header. */
export interface DiagnosticsSources {
  connection: { readonly state: ConnectionState };
  clock: { readonly rtt: number | null; readonly offset: number | null; readonly version: string | null; readonly cluster?: 'ok' | 'degraded' | null };
  log: ConnectionLog;
  cameras: () => CameraDiagnostics[];
  /** socket.io-client's `io`, for the probes' own short-lived sockets. */
  io: ProbeIo;
  /** The receiver table, started or not: its probes, its sections and their figures. */
  receivers: Pick<ReceiverSet, 'modules' | 'figures'>;
  now?: () => number;
}

/**
 * The Diagnostics drawer: what works from this browser right now (probes), the live connection's
 * figures, the cameras, and the connection's recent events. It does nothing at all while closed.
 */
export class Diagnostics {
  private readonly drawer: Drawer;
  private readonly dom: DiagnosticsMarkup;
  private readonly sources: DiagnosticsSources;
  private readonly probes: Probe[];
  private timer: ReturnType<typeof setInterval> | null = null;
  private shownLogVersion = -1;
  /** The live connection's status at the last refresh while open, to notice it coming back. */
  private shownStatus: ConnectionState['status'] | null = null;

  /** `onOpen` is called as the drawer opens, e.g. to close the other drawer. */
  constructor(elements: { toggle: HTMLElement; panel: HTMLElement }, sources: DiagnosticsSources, options: { onOpen?: () => void } = {}) {
    this.sources = sources;
    const { modules } = sources.receivers;
    this.dom = new DiagnosticsMarkup(elements.panel, modules);
    this.probes = modules.flatMap((m) => m.probes).map((kind) => kind.create({ io: sources.io, onChange: (state) => this.showProbe(kind.name, state) }));

    this.dom.retest.addEventListener('click', () => this.runProbes());
    this.drawer = new Drawer(elements.toggle, elements.panel, this.dom.close, {
      beforeOpen: options.onOpen,
      afterOpen: () => {
        this.refresh();
        this.timer = setInterval(() => this.refresh(), REFRESH_MS);
        this.runProbes();
      },
      beforeClose: () => {
        clearInterval(this.timer!);
        this.timer = null;
        // A probe in flight would only report to a closed drawer: close its socket now.
        for (const probe of this.probes) probe.cancel();
        this.shownStatus = null;
      },
    });
  }

  get isOpen(): boolean {
    return this.drawer.isOpen;
  }

  open(): void {
    this.drawer.open();
  }

  close(): void {
    this.drawer.close();
  }

  /** A receiver changed (a few times per attempt, never per frame): show it now rather than at the next refresh. */
  receiversChanged(): void {
    if (this.isOpen) this.refreshReceivers();
  }

  private runProbes(): void {
    for (const probe of this.probes) probe.run();
  }

  private showProbe(name: string, state: ProbeState): void {
    const cell = this.dom.probes.get(name);
    if (!cell) return;
    setText(cell, formatProbe(state));
    setAttr(cell, 'data-phase', state.phase);
    setAttr(cell, 'title', probeTitle(state));
  }

  private refresh(): void {
    const { connection, clock, log } = this.sources;
    const { dom } = this;
    const state = connection.state;
    setText(dom.status, state.status);
    setAttr(dom.status, 'data-state', state.status);
    setText(dom.transport, state.transport ?? '—');
    setText(dom.rtt, formatRtt(clock.rtt));
    const offset = formatClockOffset(clock.offset, clock.rtt);
    setText(dom.offset, offset.text);
    setAttr(dom.offset, 'title', offset.title);
    setText(dom.version, clock.version ?? '—');
    setText(dom.cluster, clock.cluster === 'degraded' ? "degraded: Redis unreachable, this node's cameras only" : (clock.cluster ?? 'single node'));
    setAttr(dom.cluster, 'data-state', clock.cluster ?? 'off');
    this.refreshReceivers();
    dom.cameras.update(this.sources.cameras());
    // Results from during an outage would contradict the live connection once it is back: test again.
    if (state.status === 'connected' && this.shownStatus !== null && this.shownStatus !== 'connected') this.runProbes();
    this.shownStatus = state.status;
    // Entries never change once written: redraw the list only when one was added.
    if (log.version !== this.shownLogVersion) {
      this.shownLogVersion = log.version;
      this.renderEvents(log);
    }
  }

  private refreshReceivers(): void {
    const now = (this.sources.now ?? Date.now)();
    for (const { name, section } of this.sources.receivers.modules) {
      const figures = section && this.sources.receivers.figures(name, now);
      if (!figures) continue;
      for (const { key } of section.rows) {
        const cell = this.dom.figures.get(`${name}-${key}`);
        const value = figures[key];
        if (!cell || !value) continue;
        setText(cell, value.text);
        if (value.state !== undefined) setAttr(cell, 'data-state', value.state);
      }
    }
  }

  private renderEvents(log: ConnectionLog): void {
    const items = log.entries().map((entry) => {
      const time = el('time', 'diag-time', undefined, formatClockTime(entry.at));
      time.dateTime = new Date(entry.at).toISOString();
      const li = el('li', 'diag-event');
      li.append(time, el('span', 'diag-event-text', undefined, entry.text));
      return li;
    });
    if (items.length === 0) items.push(el('li', 'diag-empty', undefined, 'Nothing yet.'));
    this.dom.events.replaceChildren(...items);
  }
}
