/**
 * Playback's sound (#29): a recording kept with its camera's AAC plays it once the person asks.
 * Playback starts muted (browsers refuse to start a video with sound by itself); the choice holds
 * across segments, days and reloads of this browser. A recording without sound says so.
 */
import type { Segment } from '../../../shared/segments.js';
import { el } from '../dom.js';
import { readStored, writeStored } from '../local-store.js';

const KEY = 'camrelay.playback.sound';

export class SoundButton {
  readonly el = el('button', 'bar-button pb-sound', 'playback-sound');
  private wanted = readStored(KEY) === 'on';
  private hasSound = false;

  constructor(private readonly video: HTMLVideoElement) {
    this.el.type = 'button';
    this.el.addEventListener('click', () => {
      this.wanted = !this.wanted;
      writeStored(KEY, this.wanted ? 'on' : null);
      this.apply();
    });
    this.apply();
  }

  /** The segment loaded now (null: none): its sound, if it has any, follows the person's choice. */
  show(segment: Segment | null): void {
    const has = segment?.audio === 'aac' || segment?.audio === 'opus';
    if (has === this.hasSound && this.video.muted === !(this.wanted && has)) return;
    this.hasSound = has;
    this.apply();
  }

  private apply(): void {
    const on = this.wanted && this.hasSound;
    this.video.muted = !on;
    this.el.disabled = !this.hasSound;
    this.el.textContent = on ? 'Sound on' : 'Sound off';
    this.el.setAttribute('aria-pressed', String(on));
    const label = !this.hasSound ? 'This recording has no sound' : on ? 'Sound on: click to mute' : 'Sound off: click to hear the recording';
    this.el.setAttribute('aria-label', label);
    this.el.title = label;
  }
}
