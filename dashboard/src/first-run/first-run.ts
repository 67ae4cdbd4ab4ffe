/**
 * The first-run checklist (#42): what a signed-in admin with no camera lands on, then a card above the grid until
 * every step is done or the admin hides it (remembered in this browser). Each step is ticked from the relay's
 * `GET /api/setup-status`, read again when the settings page hides and when the camera list changes.
 */
import type { Role } from '../../../shared/auth.js';
import type { SetupStatus } from '../../../shared/setup-status.js';
import type { ApiResult, Unchecked } from '../api.js';
import { byTestId, el } from '../dom.js';
import { readStored, writeStored } from '../local-store.js';
import { checklistShown, checklistSteps, FIRST_RUN_HIDDEN_KEY as HIDDEN_KEY, parseSetupStatus, type ChecklistStep } from './checklist.js';
import './first-run.css';

export interface FirstRunDeps {
  get<T>(path: string): Promise<ApiResult<T>>;
  /** The card took or gave back room above the grid. */
  onLayout(): void;
}

export class FirstRun {
  private readonly details = el('details', 'first-run-command', 'first-run-command');
  private readonly list = el('ol', 'first-run-steps');
  private readonly count = el('p', 'first-run-count', 'first-run-count');
  private readonly lead = el('p', 'first-run-lead', 'first-run-lead', 'No cameras yet. A few steps to a relay that records and tells you of motion:');
  private readonly hide = el('button', 'diag-button first-run-hide', 'first-run-hide', 'Hide');
  private readonly root = byTestId('first-run');
  /** The empty grid, hidden while the card takes its place. */
  private readonly empty = byTestId('empty-state');
  /** The empty grid's hint and its Windows command, moved under step 1 while the card shows. */
  private readonly hint = [byTestId('empty-hint'), byTestId('capture-hint')];
  private readonly hintHome = this.hint[0]!.parentNode;
  private status: SetupStatus | null = null;
  private admin = false;
  private cameras = -1;
  // Answers that come back out of order: only the newest request's is used.
  private asked = 0;

  constructor(private readonly deps: FirstRunDeps) {
    const root = this.root;
    this.details.append(el('summary', undefined, undefined, 'The command for a Windows PC'));
    const title = el('h2', 'first-run-title', undefined, 'Set up this relay');
    title.id = 'first-run-title';
    root.setAttribute('aria-labelledby', title.id);
    this.hide.type = 'button';
    this.hide.addEventListener('click', () => {
      writeStored(HIDDEN_KEY, '1');
      this.render();
    });
    const head = el('div', 'first-run-head');
    head.append(title, this.count, this.hide);
    root.append(head, this.lead, this.list);
    // Back from the settings page, what was just set shows ticked. Its hiding is watched, not the address: leaving a
    // section opened by its address (a step's link) replaces the history entry, which fires no hashchange.
    const settings = byTestId('settings');
    new MutationObserver(() => {
      if (settings.hidden) this.refresh();
    }).observe(settings, { attributes: true, attributeFilter: ['hidden'] });
  }

  /** Signed in as `role`, or signed out (null): only admins see the card. */
  setRole(role: Role | null): void {
    this.admin = role === 'admin';
    this.status = null;
    this.cameras = -1;
    this.render();
    this.refresh();
  }

  /** The camera list changed: a camera added or the last one deleted may tick or untick the first step. */
  camerasChanged(count: number): void {
    if (count === this.cameras) return;
    this.cameras = count;
    this.refresh();
  }

  /** Reads the relay's status again (a step done elsewhere: the password changed from the header). */
  refresh(): void {
    if (!this.admin) return;
    const n = ++this.asked;
    void this.deps.get<Unchecked<SetupStatus>>('/api/setup-status').then((answer) => {
      if (n !== this.asked || !this.admin) return;
      // An older relay, or a refusal: the empty grid's own hint stays what the admin sees.
      this.status = answer.ok ? parseSetupStatus(answer.body) : null;
      this.render();
    });
  }

  private render(): void {
    const steps = this.admin && this.status ? checklistSteps(this.status, Math.max(this.cameras, 0)) : null;
    const shown = steps !== null && checklistShown(steps, readStored(HIDDEN_KEY) === '1');
    const noCamera = steps?.find((s) => s.id === 'camera')?.done === false;
    // Home first; step 1 takes the hint back while it is not done.
    if (this.hintHome) this.hintHome.append(...this.hint);
    if (shown && steps) {
      const done = steps.filter((s) => s.done).length;
      this.count.textContent = `${done} of ${steps.length} done`;
      this.lead.hidden = !noCamera;
      // Hiding is for later: while there is no camera the card is the page.
      this.hide.hidden = noCamera;
      this.list.replaceChildren(...steps.map((s, i) => this.step(s, i + 1)));
    }
    const was = !this.root.hidden;
    this.root.hidden = !shown;
    this.empty.classList.toggle('first-run-covers', shown && noCamera);
    if (was !== shown) this.deps.onLayout();
  }

  private step(s: ChecklistStep, n: number): HTMLLIElement {
    const li = el('li', 'first-run-step', `first-run-step-${s.id}`);
    li.dataset.done = String(s.done);
    const mark = el('span', 'first-run-mark', undefined, s.done ? '✓' : String(n));
    mark.setAttribute('aria-hidden', 'true');
    const body = el('div', 'first-run-body');
    const line = el('div', 'first-run-line');
    const link = el('a', 'first-run-link', `first-run-link-${s.id}`, s.title);
    link.href = s.href;
    line.append(link, el('span', 'first-run-state', `first-run-state-${s.id}`, s.done ? 'Done' : 'To do'));
    body.append(line);
    // A step done is its title and "Done": the grid under the card gets the room.
    if (!s.done) body.append(el('p', 'first-run-what', undefined, s.what));
    // The command the empty grid showed stays one click away from the step it belongs to.
    if (s.id === 'camera' && !s.done) {
      this.details.append(...this.hint);
      body.append(this.details);
    }
    li.append(mark, body);
    return li;
  }
}
