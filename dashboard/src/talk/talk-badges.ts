/**
 * Who talks through a camera, on its tile in every page watching it (#40 item 4): "admin is talking" (with a microphone), from the
 * camera's entry (`CameraInfo.talk.talking`), so nobody near the camera's speaker is spoken through unseen.
 */
import type { CameraInfo } from '../../../shared/protocol.js';
import { el } from '../dom.js';
import { icon } from '../icons.js';

export class TalkBadges {
  private readonly badges = new Map<string, HTMLElement>();

  /** `viewOf`: the picture box of a camera's tile. */
  constructor(private readonly viewOf: (cameraId: string) => HTMLElement | null) {}

  setCameras(list: CameraInfo[]): void {
    const talking = new Map(list.filter((c) => c.talk?.talking).map((c) => [c.id, c.talk!.talking!]));
    for (const [id, badge] of this.badges) {
      if (talking.has(id)) continue;
      badge.remove();
      this.badges.delete(id);
    }
    for (const [id, who] of talking) {
      const view = this.viewOf(id);
      if (!view) continue;
      const badge = this.badges.get(id) ?? el('p', 'talk-badge', 'talk-badge');
      badge.replaceChildren(icon('microphone'), `${who} is talking`);
      badge.setAttribute('role', 'status');
      if (badge.parentElement !== view) view.append(badge);
      this.badges.set(id, badge);
    }
  }
}
