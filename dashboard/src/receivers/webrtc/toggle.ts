/** The header's WebRTC switch: the user's choice, remembered in this browser, greyed out when the server has WebRTC off. */
import type { WebrtcMode } from '../../../../shared/webrtc/protocol.js';
import { setAttr } from '../../dom.js';
import { readStored, writeStored } from '../../local-store.js';

export const WEBRTC_STORAGE_KEY = 'camrelay.webrtc';

const TITLES = {
  off: 'WebRTC is switched off on this server (CAMRELAY_WEBRTC=off): frames come over Socket.IO.',
  unknown: 'Try WebRTC for frames once the server has said whether it offers it.',
  optional: 'Try a WebRTC data channel for frames. Socket.IO keeps working and takes over whenever WebRTC stops delivering.',
  on: "Frames try a WebRTC data channel (this server's default). Socket.IO keeps working and takes over whenever WebRTC stops delivering.",
} as const;

export class WebrtcToggle {
  /** The remembered choice; null: never touched here, so the server's mode decides. */
  readonly stored: boolean | null;

  constructor(
    private readonly input: HTMLInputElement,
    private readonly label: HTMLElement,
    onToggle: (wanted: boolean) => void,
  ) {
    const raw = readStored(WEBRTC_STORAGE_KEY);
    this.stored = raw === 'on' ? true : raw === 'off' ? false : null;
    input.addEventListener('change', () => {
      writeStored(WEBRTC_STORAGE_KEY, input.checked ? 'on' : 'off');
      onToggle(input.checked);
    });
    input.checked = this.stored === true;
    this.show(null, false);
  }

  /** Mirrors the receiver: `enabled` is its verdict once the server's mode is known. */
  show(serverMode: WebrtcMode | null, enabled: boolean): void {
    const off = serverMode === 'off';
    this.input.disabled = off;
    // Until the server answers, the box shows the remembered choice (or the user's click meanwhile).
    if (serverMode !== null && this.input.checked !== enabled) this.input.checked = enabled;
    const checked = this.input.checked;
    const title = TITLES[serverMode ?? 'unknown'];
    setAttr(this.label, 'title', title);
    setAttr(this.input, 'title', title);
    setAttr(this.label, 'data-state', off ? 'unavailable' : checked ? 'on' : 'off');
  }
}
