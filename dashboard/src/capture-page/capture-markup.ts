/** The capture page's elements (capture.html, every hook a data-testid) and the few ways it changes them. */
import { byTestId, setText } from '../dom.js';
import { FRAME_RATES, RESOLUTIONS } from './capture-settings.js';
import type { Refusal } from '../../../common/capture/refusals.js';
import type { MicCodec, MicState } from './mic-source.js';

/** `data-state` of the header's state word, which colours its dot. */
export type PageState = 'idle' | 'connecting' | 'sending' | 'paused' | 'refused';

const STATE_WORDS: Record<PageState, string> = {
  idle: 'not sending',
  connecting: 'connecting…',
  sending: 'sending',
  paused: 'paused: tab hidden',
  refused: 'refused',
};

/** The microphone's line: it is open only while the camera's sound is on in Admin and someone listens or it records. */
const MIC_WORDS: Record<MicState, (codec: string, why: string) => string> = {
  off: () => 'Microphone: off. It opens when someone listens to this camera or it records, and its sound is on in Admin.',
  opening: () => 'Microphone: asking this browser…',
  ready: () => "Microphone: allowed, and closed. This camera's sound is on: it opens when someone listens or it records.",
  sending: (codec) => `Microphone: sending its sound (${codec}, 48 kHz) to a listener or the recording.`,
  refused: (_codec, why) => `Microphone: not sending. ${why || 'The browser refused it.'} Allow the microphone for this site to send sound.`,
};

export class CaptureMarkup {
  readonly form = byTestId<HTMLFormElement>('capture-form');
  readonly who = byTestId('capture-who');
  readonly camera = byTestId<HTMLInputElement>('capture-camera');
  readonly name = byTestId<HTMLInputElement>('capture-name');
  readonly size = byTestId<HTMLSelectElement>('capture-size');
  readonly fps = byTestId<HTMLSelectElement>('capture-fps');
  readonly device = byTestId<HTMLSelectElement>('capture-device');
  readonly settings = byTestId<HTMLDetailsElement>('capture-settings');
  private readonly summary = byTestId('capture-settings-summary');
  readonly start = byTestId<HTMLButtonElement>('capture-start');
  readonly stop = byTestId<HTMLButtonElement>('capture-stop');
  readonly video = byTestId<HTMLVideoElement>('capture-preview');
  readonly placeholder = byTestId('capture-placeholder');
  readonly status = byTestId('capture-status');
  readonly details = byTestId('capture-details');
  readonly mic = byTestId('capture-mic');
  readonly awake = byTestId('capture-awake');
  readonly hiddenWarning = byTestId('capture-hidden-warning');
  private readonly state = byTestId('capture-state');
  private readonly refusal = byTestId('capture-refusal');

  constructor() {
    for (const r of RESOLUTIONS) this.size.append(new Option(r.label, `${r.width}x${r.height}`));
    for (const fps of FRAME_RATES) this.fps.append(new Option(`${fps} fps`, String(fps)));
    // A phone shows Start without scrolling; the settings are one tap away, their choice in the summary.
    if (window.matchMedia('(max-width: 760px)').matches) this.settings.open = false;
    for (const input of [this.size, this.fps, this.device]) input.addEventListener('change', () => this.updateSummary());
  }

  /** "Settings: 720p · 15 fps · fake_device_0" */
  updateSummary(): void {
    const picked = [this.size, this.fps, this.device].map((s) => s.selectedOptions[0]?.text ?? '');
    if (!this.device.value) picked.pop();
    setText(this.summary, `Settings: ${picked.join(' · ')}`);
  }

  setState(state: PageState): void {
    this.state.dataset.state = state;
    setText(this.state, STATE_WORDS[state]);
  }

  /** Shows what went wrong and what to do, or clears it with null. */
  showRefusal(refusal: Refusal | null): void {
    this.refusal.hidden = refusal === null;
    setText(byTestId('capture-refusal-title', this.refusal), refusal?.title ?? '');
    setText(byTestId('capture-refusal-fix', this.refusal), refusal?.fix ?? '');
    setText(byTestId('capture-refusal-code', this.refusal), refusal?.code ?? '');
  }

  /** Start while stopped, Stop while running; the settings are fixed while running. */
  setRunning(running: boolean): void {
    this.start.hidden = running;
    this.stop.hidden = !running;
    this.placeholder.hidden = running;
    // A stopped camera's video keeps its last picture: it would look as if it still sent.
    this.video.hidden = !running;
    for (const input of [this.size, this.fps, this.device, this.name]) input.disabled = running;
    this.camera.disabled = running || this.camera.readOnly;
  }

  /** The microphone's line (#40): hidden for a browser that encodes no sound; else what it does and why. */
  setMic(state: MicState | null, codec: MicCodec | null, why = ''): void {
    this.mic.hidden = state === null || codec === null;
    this.mic.dataset.mic = state ?? 'off';
    const name = codec === 'aac' ? 'AAC' : 'Opus';
    setText(this.mic, state ? MIC_WORDS[state](name, why) : '');
  }

  /** The "who" line: a bold part and the rest. */
  setWho(strong: string, rest: string): void {
    const b = document.createElement('strong');
    b.textContent = strong;
    this.who.replaceChildren(b, document.createTextNode(rest));
  }

  /** The cameras this browser has, once it has said (labels come only after the permission). */
  setDevices(devices: MediaDeviceInfo[], current: string | null): void {
    const keep = this.device.options[0]!;
    const options = devices.map((d, i) => new Option(d.label || `Camera ${i + 1}`, d.deviceId, false, d.deviceId === current));
    this.device.replaceChildren(keep, ...options);
    this.updateSummary();
  }
}
