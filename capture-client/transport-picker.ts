/**
 * Which transport the capture client sends the next frame by, in `auto`: Socket.IO while it
 * works; HTTP POST when it has been down for a while, or when it keeps connecting without
 * getting a single frame acked (the "connected while 0 frames flow" trap); back to Socket.IO when
 * it proves itself again. The WebRTC data channel goes first while the server confirms it delivers
 * (`webrtc` mode, or `auto` when the server's mode is `on`). Pure: it is told what happened and
 * asked for a choice.
 */
import type { WebrtcMode } from '../shared/webrtc/protocol.js';

export type PickedTransport = 'webrtc' | 'socketio' | 'http' | null;

export interface PickerOptions {
  /** `webrtc` is `auto` plus the upgrade whenever the server allows it. */
  mode: 'auto' | 'socketio' | 'http' | 'webrtc';
  /** Socket.IO down this long: frames go by HTTP. */
  fallbackAfterMs: number;
  /** Sessions in a row that connected but got no ack before HTTP is pinned. */
  failedSessionsToPin: number;
  /** How long HTTP stays pinned after such sessions (Socket.IO keeps reconnecting meanwhile). */
  pinMs: number;
  /** Backoff bounds for HTTP after a network failure, so a dead server is not hit per frame. */
  httpBackoffMinMs: number;
  httpBackoffMaxMs: number;
}

export const PICKER_DEFAULTS: PickerOptions = {
  mode: 'auto',
  fallbackAfterMs: 3000,
  failedSessionsToPin: 2,
  pinMs: 30_000,
  httpBackoffMinMs: 1000,
  httpBackoffMaxMs: 10_000,
};

export class TransportPicker {
  private readonly o: PickerOptions;
  private socketUp = false;
  private downSince: number;
  private sessionSent = 0;
  private sessionAcked = false;
  private failedSessions = 0;
  private pinnedUntil = 0;
  private httpRetryAt = 0;
  private httpBackoff: number;
  private webrtcUp = false;
  /** Until then the server refuses this camera's credentials: no transport is tried, none is blamed. */
  private refusedUntil = 0;

  constructor(options: Partial<PickerOptions>, now: number) {
    this.o = { ...PICKER_DEFAULTS, ...options };
    this.downSince = now;
    this.httpBackoff = this.o.httpBackoffMinMs;
  }

  socketConnected(): void {
    this.refusedUntil = 0;
    this.socketUp = true;
    this.sessionSent = 0;
    this.sessionAcked = false;
  }

  socketDisconnected(now: number): void {
    if (this.socketUp && this.sessionSent > 0 && !this.sessionAcked && ++this.failedSessions >= this.o.failedSessionsToPin) {
      this.pinnedUntil = now + this.o.pinMs;
      this.failedSessions = 0;
    }
    this.socketUp = false;
    this.webrtcUp = false;
    this.downSince = now;
  }

  /** Whether to try the WebRTC upgrade, given the server's mode. */
  wantsWebrtc(serverMode: WebrtcMode): boolean {
    if (serverMode === 'off') return false;
    return this.o.mode === 'webrtc' || (this.o.mode === 'auto' && serverMode === 'on');
  }

  /** The server confirmed frames arrive over the data channel (true), or the upgrade ended (false). */
  webrtcActive(active: boolean): void {
    this.webrtcUp = active;
  }

  /** Records the outcome of one send; `ok` false for timeouts and network errors only. */
  sent(transport: 'webrtc' | 'socketio' | 'http', ok: boolean, now: number): void {
    // A data channel that stops draining ends its own upgrade (WebrtcSender): nothing to weigh here.
    if (transport === 'webrtc') return;
    if (transport === 'socketio') {
      this.sessionSent++;
      if (ok) {
        this.sessionAcked = true;
        this.failedSessions = 0;
      }
      return;
    }
    if (ok) {
      this.httpBackoff = this.o.httpBackoffMinMs;
      this.httpRetryAt = 0;
    } else {
      this.httpRetryAt = now + this.httpBackoff;
      this.httpBackoff = Math.min(this.httpBackoff * 2, this.o.httpBackoffMaxMs);
    }
  }

  /**
   * The server refused the camera's token (or its address, for too many wrong ones): that says
   * nothing about the network, so no fallback; nothing is sent until `untilMs` or a connection.
   */
  authRefused(untilMs: number): void {
    this.refusedUntil = Math.max(this.refusedUntil, untilMs);
  }

  /** True while HTTP is pinned because Socket.IO sessions delivered nothing. */
  pinned(now: number): boolean {
    return now < this.pinnedUntil;
  }

  pick(now: number): PickedTransport {
    if (now < this.refusedUntil) return null;
    const { mode } = this.o;
    const flexible = mode === 'auto' || mode === 'webrtc';
    // The upgrade's signaling rides on Socket.IO: without the socket it is over (or about to be).
    if (flexible && this.webrtcUp && this.socketUp) return 'webrtc';
    if (mode !== 'http' && this.socketUp && !(flexible && this.pinned(now))) return 'socketio';
    if (mode === 'socketio') return null;
    const fallback = mode === 'http' || this.pinned(now) || now - this.downSince >= this.o.fallbackAfterMs;
    return fallback && now >= this.httpRetryAt ? 'http' : null;
  }
}
