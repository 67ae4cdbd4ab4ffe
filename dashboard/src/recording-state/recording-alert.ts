/**
 * The strip under the header that says recording has stopped (disk full, a recorder's error) to
 * everyone who may see the camera. It asks `GET /api/recording` every 15 s while signed in and the
 * page is visible, and at once when the page becomes visible again.
 */
import type { Api } from '../api.js';
import { byTestId, setAttr, setText } from '../dom.js';
import { alertOf } from './alert-text.js';

const POLL_MS = 15_000;

export class RecordingAlert {
  private readonly root = byTestId('recording-alert');
  private readonly text = byTestId('recording-alert-text');
  private readonly fix = byTestId('recording-alert-fix');
  private timer: ReturnType<typeof setInterval> | undefined;
  private admin = false;
  private last: unknown = null;

  constructor(
    private readonly api: Pick<Api, 'get'>,
    private readonly nameOf: (id: string) => string,
    /** After the strip appears or goes: the grid fits itself into what is left. */
    private readonly onChange: () => void,
  ) {
    document.addEventListener('visibilitychange', () => {
      if (this.timer !== undefined && document.visibilityState === 'visible') void this.poll();
    });
  }

  /** Signed in: asks now and every 15 s. */
  start(admin: boolean): void {
    this.admin = admin;
    this.stop();
    this.timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.poll();
    }, POLL_MS);
    void this.poll();
  }

  /** The camera list changed: names in the text follow (the first answer may come before the names). */
  namesChanged(): void {
    if (this.timer !== undefined && this.last !== null) this.show(alertOf(this.last, this.admin, this.nameOf));
  }

  /** Signed out: nothing to say to the next person. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.last = null;
    this.show(null);
    this.root.removeAttribute('data-checked');
  }

  private async poll(): Promise<void> {
    const answer = await this.api.get<unknown>('/api/recording');
    // No answer (the relay is away; its own banner says so) or an older relay: keep what is shown.
    if (!answer.ok || this.timer === undefined) return;
    this.last = answer.body;
    this.show(alertOf(answer.body, this.admin, this.nameOf));
    // Tests and curious people: the relay was asked, and answered.
    setAttr(this.root, 'data-checked', 'true');
  }

  private show(alert: ReturnType<typeof alertOf>): void {
    const wasHidden = this.root.hidden;
    this.root.hidden = !alert;
    if (alert) {
      setAttr(this.root, 'data-kind', alert.kind);
      setText(this.text, alert.text);
      setText(this.fix, alert.fix ?? '');
      this.fix.hidden = !alert.fix;
    }
    if (wasHidden !== this.root.hidden) this.onChange();
  }
}
