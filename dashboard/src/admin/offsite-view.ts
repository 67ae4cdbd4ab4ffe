/**
 * Off-site copies on the settings page (#42), read-only: they are set in the config file (CAMRELAY_OFFSITE,
 * --offsite) and a restart applies a change, so the section says what is set, the queue, the newest copies in the
 * events page's words and what it costs; when off, the config that turns it on. The remote's password is rclone's:
 * the relay names rclone.conf, never reads it out.
 */
import { el, setText } from '../dom.js';
import { clockTime } from '../playback/time.js';
import { offsiteLine } from '../playback/offsite-status.js';
import { adminSection, type AdminViewDeps } from './admin-markup.js';
import { parseCameras } from './cameras-view.js';
import { costLine, OFFSITE_SNIPPET, parseOffsiteOverview, queueLine, settingsLines } from './offsite-data.js';
import './ha-offsite.css';

export class OffsiteView {
  readonly root: HTMLElement;
  private readonly state = el('p', 'offsite-state', 'offsite-state');
  private readonly body = el('div', 'offsite-body');
  private generation = 0;

  constructor(private readonly deps: AdminViewDeps) {
    const note = el(
      'p',
      'diag-note',
      undefined,
      'Each motion event’s snapshot and clip copied to storage you already have (a NAS, WebDAV, SFTP, S3…) through rclone, as soon as the event is over, so the evidence outlives this relay’s disk (docs/offsite.md).',
    );
    this.root = adminSection('Off-site copies', [note, this.state, this.body]);
  }

  async load(): Promise<void> {
    const generation = ++this.generation;
    const [answer, cameras] = await Promise.all([this.deps.api.get<unknown>('/api/admin/offsite'), this.deps.api.get<unknown>('/api/cameras')]);
    if (generation !== this.generation) return;
    if (!answer.ok) return this.deps.report(answer.body.message);
    const o = parseOffsiteOverview(answer.body);
    if (!o) return this.deps.report('The relay sent off-site settings this page cannot read.');
    const names = new Map(cameras.ok ? parseCameras(cameras.body).map((c) => [c.id, c.name] as const) : []);
    const nameOf = (id: string) => names.get(id) ?? id;
    this.state.dataset.on = String(o.settings !== null);
    if (!o.settings) {
      setText(this.state, 'Off: events’ snapshots and clips stay on this relay’s disk only.');
      const snippet = el('pre', 'offsite-snippet', 'offsite-snippet', OFFSITE_SNIPPET);
      this.body.replaceChildren(
        el(
          'p',
          'diag-note',
          undefined,
          'To turn it on: make an rclone remote on this machine (rclone config, docs/offsite.md “Setting it up”), then set offsite in the relay’s config file, for example:',
        ),
        snippet,
        el('p', 'diag-note', undefined, 'or the same offsite object in CAMRELAY_OFFSITE or --offsite, and restart the relay.'),
      );
      return;
    }
    setText(
      this.state,
      o.problem
        ? `On, but nothing is copied: ${o.problem}. Events wait in the queue.`
        : 'On: set in the config file (offsite); restart the relay to change it.',
    );
    this.state.dataset.problem = String(o.problem !== null);
    const set = el('ul', 'ha-summary', 'offsite-settings');
    for (const [id, words] of settingsLines(o, nameOf)) set.append(el('li', undefined, id, words));
    set.append(el('li', undefined, 'offsite-queue', queueLine(o)), el('li', undefined, 'offsite-cost', costLine(o)));
    const recent = el('ul', 'offsite-recent', 'offsite-recent');
    for (const copy of o.recent) {
      const li = el('li', 'offsite-copy', 'offsite-copy');
      li.dataset.camera = copy.camera;
      const start = Number(copy.id);
      const when = Number.isFinite(start) ? `${new Date(start).toLocaleDateString()} ${clockTime(start, false)}` : copy.id;
      const line = offsiteLine(copy.status);
      // The events page's line is cut short on its small card; here there is room for all of it.
      line.classList.add('offsite-copy-line');
      li.append(el('span', 'offsite-copy-event', undefined, `${nameOf(copy.camera)} · event of ${when}`), line);
      recent.append(li);
    }
    this.body.replaceChildren(
      set,
      el('h4', 'notify-subhead', undefined, 'Latest copies'),
      o.recent.length ? recent : el('p', 'diag-empty', 'offsite-none', 'No event copied yet: an event is copied once it is over.'),
    );
  }
}
