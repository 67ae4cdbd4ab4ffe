/**
 * A tile's speaker (#40): shown only for a camera whose sound an admin turned on, muted until the person clicks it
 * (a browser starts no sound by itself, and nobody should hear a camera by surprise), then a level meter over the
 * picture and words for what the sound is doing: waiting for it, playing, none coming, or why it failed.
 */
import { el } from '../dom.js';
import { icon } from '../icons.js';

/** What the speaker says, also as the tile's `data-sound` (tests and styles read it). */
export type SoundState = 'off' | 'waiting' | 'playing' | 'silent' | 'failed';

/** No sound this long after the click: the camera sends none, and the tile says so. */
export const SOUND_SILENT_MS = 6000;

const NOTES: Record<SoundState, string> = {
  off: '',
  waiting: 'Sound: waiting for the camera…',
  playing: 'Sound on',
  silent: 'No sound from this camera: it sends none (no microphone, or sound the camera side cannot pass on).',
  failed: 'Sound failed',
};

export class TileSound {
  readonly button: HTMLButtonElement;
  /** The meter and the words, over the picture's bottom-left corner while the speaker is on. */
  readonly panel = el('div', 'tile-sound', 'tile-sound');
  private readonly bar = el('i', 'sound-bar');
  private readonly note = el('span', 'sound-note', 'sound-note');
  private has = false;
  state: SoundState = 'off';
  /** Why it failed, kept across redraws (each camera list update redraws the tile, and once wiped the reason). */
  private why: string | undefined;
  private silentTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly root: HTMLElement) {
    this.button = document.createElement('button');
    this.button.type = 'button';
    this.button.className = 'icon-button';
    this.button.dataset.testid = 'tile-speaker';
    const meter = el('span', 'sound-meter');
    meter.append(this.bar);
    this.panel.append(meter, this.note);
    this.panel.setAttribute('role', 'status');
    this.set(false);
  }

  /** Whether the camera's sound is on at the relay (`CameraInfo.sound`): the speaker shows only then. */
  set(hasSound: boolean): void {
    this.has = hasSound;
    this.button.hidden = !hasSound;
    if (!hasSound && this.state !== 'off') this.to('off');
    else this.draw();
  }

  get available(): boolean {
    return this.has;
  }

  /** The speaker was turned on (waiting for sound) or off. */
  to(state: SoundState, why?: string): void {
    clearTimeout(this.silentTimer);
    this.state = state;
    this.why = why;
    if (state === 'waiting') this.silentTimer = setTimeout(() => this.to('silent'), SOUND_SILENT_MS);
    this.draw();
  }

  /** A piece of sound is playing: the first one ends the wait. */
  playing(): void {
    if (this.state === 'waiting' || this.state === 'silent') this.to('playing');
  }

  /** The meter's level now, 0 to 1. */
  level(level: number): void {
    this.bar.style.width = `${Math.round(level * 100)}%`;
  }

  private draw(): void {
    const why = this.why;
    // Failed: nothing plays or is asked for (live-sound.ts let it go), but the words stay until the next click.
    const on = this.state !== 'off' && this.state !== 'failed';
    this.root.dataset.sound = this.state;
    this.button.replaceChildren(icon(on ? 'speaker' : 'speakerOff'));
    this.button.setAttribute('aria-pressed', String(on));
    const label = on
      ? 'Sound on: click to mute this camera'
      : this.state === 'failed'
        ? 'Sound failed: click to try again'
        : "Sound off: click to hear this camera (this browser's speakers)";
    this.button.setAttribute('aria-label', label);
    this.button.title = label;
    this.panel.hidden = this.state === 'off';
    this.note.textContent = why ? `${NOTES[this.state]}: ${why}` : NOTES[this.state];
    if (!on || this.state !== 'playing') this.level(0);
  }
}
