/** What an empty grid says: how to add a camera (admins), or whom to ask (viewers). */
import type { Role } from '../auth/auth.js';
import { byTestId } from '../dom.js';

export class EmptyHint {
  private readonly hint = byTestId('empty-hint');
  private readonly command = byTestId('capture-hint');

  /** `server`: where capture clients reach the relay, for the ready-to-paste command. */
  show(role: Role, server: string): void {
    const admin = role === 'admin';
    this.hint.textContent = admin
      ? 'Start a capture client on the PC with the camera (a token per camera: Admin → Camera tokens):'
      : 'No camera is shared with your account yet. Ask an admin to connect one or to give you access.';
    this.command.hidden = !admin;
    this.command.textContent = `npm run capture -- --server ${server} --camera <id> --token <token>`;
  }
}
