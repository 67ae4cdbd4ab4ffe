/**
 * The question before a camera is deleted: keep its recordings, delete them too, or cancel. It says
 * how much there is (from `GET /api/cameras/<id>/recording/files`), so the choice is an informed one.
 */
import type { RecordingsSummary } from '../../../shared/recording-status.js';
import { el, setText } from '../dom.js';
import { button } from './admin-markup.js';
import { formatBytes } from './recording-data.js';

/** What a camera's recordings folder holds; the dialog knows already which camera. */
type Summary = Omit<RecordingsSummary, 'camera'>;

export type DeleteChoice = 'keep' | 'delete';

/** The summary from untrusted JSON, or null (an older relay: then nothing is said about recordings). */
export function parseSummary(value: unknown): Summary | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const n = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  const day = (x: unknown) => (typeof x === 'string' ? x : null);
  const [segments, bytes, days] = [n(v.segments), n(v.bytes), n(v.days)];
  if (segments === null || bytes === null || days === null) return null;
  return { segments, bytes, days, firstDay: day(v.firstDay), lastDay: day(v.lastDay) };
}

/** `2.5 GB over 3 days, 2026-11-20 to 2026-11-22`, or null when there is nothing. */
export function describeRecordings(s: Summary): string | null {
  if (s.segments === 0) return null;
  const span = s.firstDay === s.lastDay ? `on ${s.firstDay}` : `over ${s.days} days, ${s.firstDay} to ${s.lastDay}`;
  return `${formatBytes(s.bytes)} ${span}`;
}

export class DeleteCameraDialog {
  private readonly dialog = el('dialog', 'links delete-dialog', 'delete-dialog');
  private readonly title = el('h2', 'links-title', 'delete-title');
  private readonly text = el('p', 'links-hint', 'delete-text');
  private readonly recordings = el('p', 'delete-recordings', 'delete-recordings');
  private readonly keep = button('button-primary', 'delete-keep', '');
  private readonly drop = button('diag-button admin-danger delete-drop', 'delete-drop', 'Delete them too');
  private readonly cancel = button('diag-button', 'delete-cancel', 'Cancel');
  private answer: (choice: DeleteChoice | null) => void = () => {};

  constructor() {
    const actions = el('div', 'delete-actions');
    actions.append(this.keep, this.drop, this.cancel);
    this.dialog.append(this.title, this.text, this.recordings, actions);
    this.dialog.setAttribute('aria-labelledby', 'delete-title');
    this.title.id = 'delete-title';
    this.keep.addEventListener('click', () => this.close('keep'));
    this.drop.addEventListener('click', () => this.close('delete'));
    this.cancel.addEventListener('click', () => this.close(null));
    // Escape closes it: the same as Cancel.
    this.dialog.addEventListener('close', () => this.answer(null));
  }

  /** Asks about one camera; null is Cancel. `summary` null: the relay did not say what it keeps. */
  ask(id: string, name: string, summary: Summary | null): Promise<DeleteChoice | null> {
    if (!this.dialog.isConnected) document.body.append(this.dialog);
    const has = summary ? describeRecordings(summary) : null;
    // Not known (the relay did not say): both choices, as it may have some.
    const ask = has !== null || summary === null;
    setText(this.title, `Delete camera ${name === id ? id : `${name} (${id})`}?`);
    setText(this.text, 'Its last picture is dropped and its camera tokens are revoked; it comes back only if it connects again with another token.');
    setText(this.recordings, has ? `It has recordings: ${has}.` : summary ? 'It has no recordings.' : '');
    this.recordings.hidden = summary === null;
    setText(this.keep, ask ? 'Keep its recordings' : 'Delete camera');
    this.drop.hidden = !ask;
    this.dialog.showModal();
    this.cancel.focus();
    return new Promise((resolve) => {
      this.answer = (choice) => {
        this.answer = () => {};
        resolve(choice);
      };
    });
  }

  private close(choice: DeleteChoice | null): void {
    this.answer(choice);
    this.dialog.close();
  }
}
