/**
 * Keeps the screen on while the page sends (Screen Wake Lock API, where the browser has it), and
 * takes the lock again when the page comes back: browsers release it whenever the page is hidden.
 */

export type AwakeState = 'on' | 'unsupported' | 'refused' | 'off';

export class KeepAwake {
  private lock: WakeLockSentinel | null = null;
  private wanted = false;
  private readonly onVisible = () => {
    if (this.wanted && document.visibilityState === 'visible') void this.acquire();
  };

  constructor(private readonly onChange: (state: AwakeState) => void) {
    document.addEventListener('visibilitychange', this.onVisible);
  }

  /** Asks for the lock now and after every return to the page, until `release`. */
  async hold(): Promise<void> {
    this.wanted = true;
    await this.acquire();
  }

  release(): void {
    this.wanted = false;
    void this.lock?.release().catch(() => {});
    this.lock = null;
    this.onChange('off');
  }

  private async acquire(): Promise<void> {
    if (!('wakeLock' in navigator)) return this.onChange('unsupported');
    if (this.lock && !this.lock.released) return this.onChange('on');
    try {
      this.lock = await navigator.wakeLock.request('screen');
      this.lock.addEventListener('release', () => {
        if (this.wanted && document.visibilityState === 'visible') this.onChange('refused');
      });
      this.onChange('on');
    } catch {
      // Refused: battery saver, a hidden page, or no user gesture yet.
      this.onChange('refused');
    }
  }
}

/** The sentence under the preview for each state. */
export function awakeText(state: AwakeState): string {
  switch (state) {
    case 'on':
      return 'The screen is kept on while this page sends.';
    case 'unsupported':
      return 'This browser cannot keep the screen on: set the screen timeout (auto-lock) to its longest, or keep the phone on a charger with the screen on.';
    case 'refused':
      return 'The browser did not let this page keep the screen on (battery saver?): the camera stops when the screen locks.';
    case 'off':
      return '';
  }
}
