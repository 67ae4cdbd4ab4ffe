/**
 * Talk back in the single view (#40 item 4), for a user the relay lets talk, on a camera whose entry has `talk`: held,
 * the button talks until let go; a short click leaves it talking until the next click (or Enter/Space). The microphone
 * is asked for at the press, and let go at the stop. Every tile of a camera someone talks through says who (talk-badges.ts).
 */
import type { CameraInfo } from '../../../shared/protocol.js';
import type { TalkEnded, TalkReply } from '../../../shared/talk.js';
import type { MonitorSocket } from '../connection/connection.js';
import { el } from '../dom.js';
import { icon } from '../icons.js';
import { microphoneRefusal, Microphones, type Microphone } from './microphone.js';
import { TalkBadges } from './talk-badges.js';
import { TalkQueue } from './talk-queue.js';
import './talk.css';

/** A press held longer than this is push-to-talk (letting go stops); a shorter one toggles. */
export const HOLD_MS = 400;
/** Longer than the relay's wait for the camera's back channel (TALK_OPEN_MS, 8 s). */
const ANSWER_MS = 10_000;
const MESSAGE_MS = 8000;

export type TalkState = 'idle' | 'opening' | 'talking';

export interface TalkButtonDeps {
  /** Whether the signed-in user may talk (an admin). */
  mayTalk(): boolean;
  /** The picture box of a camera's tile, where the button sits. */
  viewOf(cameraId: string): HTMLElement | null;
}

interface Press {
  cameraId: string;
  queue: TalkQueue;
  mic: Microphone | null;
  /** The relay answered that the camera's back channel is open. */
  acked: boolean;
}

export class TalkButton {
  readonly root = el('div', 'talk-control', 'talk-control');
  private readonly button = el('button', 'talk-button', 'talk-button');
  private readonly message = el('p', 'talk-message', 'talk-message');
  private readonly talkers = new Map<string, CameraInfo['talk']>();
  private cameraId: string | null = null;
  private state: TalkState = 'idle';
  /** The camera talked to now (it may differ from the one shown, for a moment after moving on). */
  private talkingTo: string | null = null;
  /** The press being opened or talked with; a new press makes an older one's late answers moot. */
  private press: Press | null = null;
  /**
   * The last press's request, answered or not: a press asks only once the one before it was answered, so a quick stop
   * and press again reaches the relay as start, stop, start (the stop is sent when the first answer comes).
   */
  private asking: Promise<unknown> = Promise.resolve();
  private readonly microphones = new Microphones();
  private pressedAt = 0;
  private hush: ReturnType<typeof setTimeout> | undefined;
  private socket: MonitorSocket | null = null;
  private readonly badges: TalkBadges;

  constructor(private readonly deps: TalkButtonDeps) {
    this.badges = new TalkBadges(deps.viewOf);
    this.button.type = 'button';
    this.message.setAttribute('role', 'status');
    this.message.hidden = true;
    this.root.hidden = true;
    // The button is not the picture: no swipe to the next camera, no zoom drag, no opening (single-view.ts, zoom.ts).
    this.root.dataset.noSwipe = '';
    this.root.append(this.button, this.message);
    for (const type of ['click', 'dblclick', 'wheel'] as const) this.root.addEventListener(type, (e) => e.stopPropagation());
    this.root.addEventListener('contextmenu', (e) => e.preventDefault());
    this.button.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      // Its letting go comes here wherever the finger or mouse has moved to meanwhile.
      this.button.setPointerCapture(e.pointerId);
      this.pressedAt = performance.now();
      performance.mark('talk-press');
      if (this.state === 'idle') this.start();
      else this.stop();
    });
    for (const type of ['pointerup', 'pointercancel'] as const)
      this.button.addEventListener(type, () => {
        if (this.state !== 'idle' && performance.now() - this.pressedAt >= HOLD_MS) this.stop();
      });
    // Enter or Space (a click with no pointer): toggles.
    this.button.addEventListener('click', (e) => {
      if (e.detail !== 0) return;
      if (this.state === 'idle') this.start();
      else this.stop();
    });
    window.addEventListener('pagehide', () => this.stop());
    this.draw();
  }

  /** Talks on the page's `/monitor` socket from now on. */
  listen(socket: MonitorSocket): void {
    this.socket = socket;
    socket.on('talk-ended', (why: TalkEnded) => {
      if (why.cameraId !== this.talkingTo) return;
      this.end();
      this.say(why.message);
    });
    socket.on('disconnect', () => this.end());
  }

  /** The camera list as the relay sent it: which cameras can be talked to, and who talks now (on every tile). */
  setCameras(list: CameraInfo[]): void {
    this.badges.setCameras(list);
    this.talkers.clear();
    for (const c of list) if (c.talk) this.talkers.set(c.id, c.talk);
    if (this.talkingTo && !this.talkers.has(this.talkingTo)) this.end();
    this.show(this.cameraId);
  }

  /** The camera shown alone, or null for the grid. */
  show(cameraId: string | null): void {
    if (cameraId !== this.cameraId && this.state !== 'idle') this.stop();
    this.cameraId = cameraId;
    const view = cameraId === null ? null : this.deps.viewOf(cameraId);
    if (!cameraId || !view || !this.talkers.has(cameraId) || !this.deps.mayTalk()) {
      this.root.hidden = true;
      return;
    }
    if (this.root.parentElement !== view) view.append(this.root);
    this.root.hidden = false;
    this.draw();
  }

  /**
   * Asks the relay to open the camera's back channel and opens the microphone, side by side (one after the other
   * took the sum of both); what the microphone hears before the relay's answer waits in the press's TalkQueue.
   */
  private start(): void {
    const cameraId = this.cameraId;
    if (!cameraId) return;
    const press: Press = { cameraId, queue: new TalkQueue(), mic: null, acked: false };
    this.press = press;
    this.to('opening', cameraId);
    this.say(null);
    const socket = this.socket;
    const current = () => this.press === press;
    performance.mark('talk-ask');
    // Asked first: the first press's audio graph holds the page for a while (about 400 ms in headless Chromium).
    // Socket.IO would hold the request until it reconnects: talking then would be a surprise.
    const asked: Promise<TalkReply> = this.asking.then(() =>
      socket?.connected
        ? socket
            .timeout(ANSWER_MS)
            .emitWithAck('talk-start', { cameraId })
            .catch((): TalkReply => ({ ok: false, error: 'TALK_FAILED', message: 'The relay did not answer: nothing was said through the camera.' }))
        : { ok: false, error: 'TALK_FAILED', message: 'Not connected to the relay: nothing was said through the camera.' },
    );
    this.asking = asked;
    this.microphones
      .open((piece) => press.queue.push(piece))
      .then(
        (mic) => {
          if (!current()) return mic.close(); // stopped while the microphone opened
          press.mic = mic;
          if (press.acked) this.to('talking', cameraId);
        },
        (err: unknown) => {
          if (!current()) return;
          this.stop();
          this.say(microphoneRefusal(err));
        },
      );
    void asked.then((reply) => {
      if (!current()) {
        if (reply.ok) socket?.emit('talk-stop', { cameraId });
        return;
      }
      if (!reply.ok) {
        this.end();
        return this.say(reply.message);
      }
      performance.mark('talk-acked');
      press.acked = true;
      let first = true;
      press.queue.open((piece) => {
        if (first) performance.mark('talk-first-piece');
        first = false;
        if (socket?.connected) socket.emit('talk', { cameraId }, piece);
      });
      if (press.mic) this.to('talking', cameraId);
    });
  }

  private stop(): void {
    const press = this.press;
    if (press?.acked) this.socket?.emit('talk-stop', { cameraId: press.cameraId });
    this.end();
  }

  private end(): void {
    this.press?.mic?.close();
    this.press = null;
    this.to('idle', null);
  }

  private to(state: TalkState, cameraId: string | null): void {
    this.state = state;
    this.talkingTo = cameraId;
    this.draw();
  }

  private draw(): void {
    this.root.dataset.state = this.state;
    const words: Record<TalkState, [string, string]> = {
      idle: ['Talk', 'Hold to talk through this camera; or click to start and click again to stop'],
      opening: ['Opening…', "Opening the microphone and the camera's speaker"],
      talking: ['Talking', 'Talking through this camera: let go, or click, to stop'],
    };
    const [text, label] = words[this.state];
    this.button.replaceChildren(icon('microphone'), text);
    this.button.title = label;
    this.button.setAttribute('aria-label', label);
    this.button.setAttribute('aria-pressed', String(this.state !== 'idle'));
  }

  private say(text: string | null): void {
    clearTimeout(this.hush);
    this.message.textContent = text ?? '';
    this.message.hidden = text === null;
    if (text !== null) this.hush = setTimeout(() => this.say(null), MESSAGE_MS);
  }
}
