/**
 * Pan, tilt and zoom in the single view (#29), for an admin, on a camera whose entry has `ptz`:
 * a press (mouse, pen or finger) or Shift with a key moves the camera while held; letting go,
 * leaving the button, leaving the tab or the window stops it. A refusal shows its words on the view.
 */
import { PTZ_MOVE_MAX_MS, type PtzCaps, type PtzCommand, type PtzReply } from '../../../shared/ptz.js';
import type { CameraInfo } from '../../../shared/protocol.js';
import { moveOf, ptzKey, type PtzDirection } from './ptz-keys.js';
import { PtzMarkup } from './ptz-markup.js';
import './ptz.css';

export interface PtzPadDeps {
  send(cameraId: string, command: PtzCommand): Promise<PtzReply>;
  isAdmin(): boolean;
  /** The picture box of a camera's tile, where the pad sits. */
  viewOf(cameraId: string): HTMLElement | null;
}

/** How long a refusal stays on the view. */
const MESSAGE_MS = 6000;

export class PtzPad {
  private readonly dom = new PtzMarkup();
  private readonly caps = new Map<string, PtzCaps>();
  private cameraId: string | null = null;
  /** What holds the camera moving now: a pointer's id or a key's `code`; null when it is still. */
  private held: { by: number | string; cameraId: string; command: PtzCommand } | null = null;
  // The capture side stops a move by itself after PTZ_MOVE_MAX_MS: a long hold says it again before that.
  private refresh: ReturnType<typeof setInterval> | undefined;
  private hush: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: PtzPadDeps) {
    for (const [button, d] of this.dom.buttons) this.watchButton(button, d);
    this.dom.presets.addEventListener('change', () => {
      const token = this.dom.presets.value;
      this.dom.presets.value = '';
      if (token && this.cameraId) this.command(this.cameraId, { op: 'preset', preset: token });
    });
    // The pad's presses are not the picture's: no zoom drag, no swipe, no opening the tile.
    for (const type of ['pointerdown', 'click', 'dblclick', 'wheel'] as const) this.dom.root.addEventListener(type, (e) => e.stopPropagation());
    this.dom.root.addEventListener('contextmenu', (e) => e.preventDefault());
    // Capture phase: before the single view reads Shift+←/→ as "next camera".
    document.addEventListener('keydown', (e) => this.onKeyDown(e), true);
    document.addEventListener('keyup', (e) => {
      if (this.held && (e.code === this.held.by || e.key === 'Shift')) this.release();
    });
    window.addEventListener('blur', () => this.release());
    document.addEventListener('visibilitychange', () => this.release());
  }

  /** The camera list as the relay sent it: which cameras can move, and how. */
  setCameras(list: CameraInfo[]): void {
    this.caps.clear();
    for (const c of list) if (c.ptz) this.caps.set(c.id, c.ptz);
    this.show(this.cameraId);
  }

  /** The camera shown alone, or null for the grid. */
  show(cameraId: string | null): void {
    if (cameraId !== this.cameraId) this.release();
    this.cameraId = cameraId;
    const caps = cameraId === null ? undefined : this.caps.get(cameraId);
    const view = cameraId === null ? null : this.deps.viewOf(cameraId);
    if (!caps || !view || !this.deps.isAdmin()) return this.dom.hide();
    this.dom.fit(caps);
    this.dom.mount(view);
  }

  private get shownCaps(): PtzCaps | null {
    return this.dom.root.hidden || !this.cameraId ? null : (this.caps.get(this.cameraId) ?? null);
  }

  private watchButton(button: HTMLButtonElement, d: PtzDirection): void {
    button.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      this.hold(e.pointerId, d);
    });
    for (const type of ['pointerup', 'pointercancel', 'pointerleave'] as const)
      button.addEventListener(type, (e) => {
        if (this.held?.by === e.pointerId) this.release();
      });
  }

  private onKeyDown(e: KeyboardEvent): void {
    const caps = this.shownCaps;
    if (!caps || e.defaultPrevented) return;
    if ((e.target as HTMLElement | null)?.closest?.('input, textarea, select, [contenteditable]')) return;
    if (document.querySelector('dialog[open], .drawer:not([hidden]), .bar-menu[data-open]')) return;
    const d = ptzKey(e, caps);
    if (!d) return;
    e.preventDefault();
    e.stopPropagation();
    // A held key repeats: the move is already on.
    if (!e.repeat && this.held?.by !== e.code) this.hold(e.code, d);
  }

  private hold(by: number | string, d: PtzDirection): void {
    if (!this.cameraId) return;
    this.release();
    this.held = { by, cameraId: this.cameraId, command: moveOf(d) };
    this.command(this.cameraId, this.held.command);
    this.refresh = setInterval(() => this.held && this.command(this.held.cameraId, this.held.command), PTZ_MOVE_MAX_MS / 2);
  }

  private release(): void {
    clearInterval(this.refresh);
    const held = this.held;
    this.held = null;
    if (held) this.command(held.cameraId, { op: 'stop' });
  }

  private command(cameraId: string, command: PtzCommand): void {
    void this.deps.send(cameraId, command).then((reply) => {
      if (reply.ok) return;
      this.dom.say(reply.message);
      clearTimeout(this.hush);
      this.hush = setTimeout(() => this.dom.say(null), MESSAGE_MS);
    });
  }
}
