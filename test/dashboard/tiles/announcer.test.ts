/** What screen readers are told of the cameras: changes of status, not scrolling. */
import { describe, expect, it } from 'vitest';
import { Announcer } from '../../../dashboard/src/tiles/announcer.js';
import type { TileStatus } from '../../../dashboard/src/tiles/tile-status.js';

function setup() {
  const region = { textContent: '' };
  const announcer = new Announcer(region as unknown as HTMLElement);
  const say = (status: TileStatus) => announcer.update([{ id: 'door', name: 'Door', status }]);
  return { region, say };
}

describe('Announcer', () => {
  describe('#update', () => {
    it('says a change of status once', () => {
      const { region, say } = setup();
      say('live');
      say('stalled');
      expect(region.textContent).toBe('Door: stalled');
    });

    it("says nothing of a camera's start: starting at the relay, then waiting here, then live", () => {
      const { region, say } = setup();
      say('starting');
      say('waiting');
      say('live');
      expect(region.textContent).toBe('');
      say('stalled');
      expect(region.textContent).toBe('Door: stalled');
    });

    it('says nothing when a tile scrolls off screen and back (#28)', () => {
      const { region, say } = setup();
      say('live');
      say('off-screen');
      say('live');
      expect(region.textContent).toBe('');
    });

    it('says a change that happened while the tile was off screen, once it is seen', () => {
      const { region, say } = setup();
      say('live');
      say('off-screen');
      say('offline');
      expect(region.textContent).toBe('Door: offline');
    });
  });
});
