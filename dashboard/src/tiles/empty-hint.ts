/** What an empty grid says: how to add a camera (admins), or whom to ask (viewers). */
import type { Role } from '../../../shared/auth.js';
import { captureProgramBuilt } from '../admin/capture-setup.js';
import { byTestId } from '../dom.js';
import { programForPowerShell, programSource } from '../../../shared/capture-command.js';

// No angle brackets: PowerShell and cmd read <id> as redirection (issue #26).
const EXAMPLE = { cameraId: 'front-door', token: 'YOUR-TOKEN' };

export class EmptyHint {
  private readonly hint = byTestId('empty-hint');
  private readonly command = byTestId('capture-hint');
  private built = false;
  private asked = false;
  private last: [Role, string] | null = null;

  /** `server`: where capture clients reach the relay, for the ready-to-paste command. */
  show(role: Role, server: string): void {
    this.last = [role, server];
    const admin = role === 'admin';
    this.command.hidden = !admin;
    if (!admin) {
      this.hint.textContent = 'No camera is shared with your account yet. Ask an admin to connect one or to give you access.';
      return;
    }
    this.hint.textContent =
      'Add a camera in Admin → Users & tokens → Camera tokens: it makes the camera its token and shows the command, filled in, for a Windows, Linux or macOS PC or a phone. ' +
      `On a Windows PC. ${programSource(server, this.built)} Then, in PowerShell or cmd:`;
    this.command.textContent = programForPowerShell({ server, ...EXAMPLE });
    if (this.asked) return;
    this.asked = true;
    void captureProgramBuilt().then((built) => {
      this.built = built;
      // Again with the newest role and address: /api/capture-server may have answered meanwhile.
      if (built && this.last) this.show(...this.last);
    });
  }
}
