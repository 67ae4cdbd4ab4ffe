/** The relay's camera list (cameras.ts) with a real registry and no network: local and remote merged, arranged, marked, told. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CameraRegistry } from '../../../server/relay/camera-registry.js';
import { Cameras } from '../../../server/relay/cameras.js';
import type { CameraInfo } from '../../../shared/protocol.js';

let cameras: Cameras | undefined;
afterEach(() => {
  cameras?.close();
  vi.useRealTimers();
});

function setUp(mark: (list: CameraInfo[]) => CameraInfo[] = (l) => l) {
  const registry = new CameraRegistry({ offlineAfterMs: 5000, stallAfterMs: 2000 });
  cameras = new Cameras(registry, mark);
  return { registry, cameras };
}

describe('Cameras', () => {
  describe('#list', () => {
    it("merges this node's cameras with other nodes', the online entry winning, in the arrangement's order", () => {
      const { registry, cameras } = setUp();
      registry.connect('door', 'Door', 'websocket');
      const remote = (id: string, online: boolean) => ({ ...cameras.getLocal('door')!, id, online, status: online ? 'live' : 'offline' }) as CameraInfo;
      cameras.setRemote(() => [remote('yard', true), remote('door', false)]);
      cameras.setArrangement((list) => [...list].sort((a, b) => b.id.localeCompare(a.id)));
      expect(cameras.list().map((c) => [c.id, c.online])).toEqual([
        ['yard', true],
        ['door', true],
      ]);
      expect(cameras.get('yard')?.online).toBe(true);
      expect(cameras.listLocal().map((c) => c.id)).toEqual(['door']);
      expect(cameras.isLocalOnline('door')).toBe(true);
      expect(cameras.isLocalOnline('yard')).toBe(false);
    });

    it("applies the kinds' mark to every list and camera, local or not", () => {
      const { registry, cameras } = setUp((list) => list.map((c) => ({ ...c, objects: true })));
      registry.connect('door', 'Door', 'websocket');
      expect(cameras.list()[0]?.objects).toBe(true);
      expect(cameras.get('door')?.objects).toBe(true);
      expect(cameras.listLocal()[0]?.objects).toBe(true);
    });
  });

  describe('#onChanged', () => {
    it("tells a burst of the registry's changes and the relay's own as one notice", () => {
      vi.useFakeTimers();
      const { registry, cameras } = setUp();
      const told = vi.fn();
      cameras.onChanged(told);
      registry.connect('door', 'Door', 'websocket');
      cameras.changed();
      cameras.changed();
      vi.advanceTimersByTime(1000);
      expect(told).toHaveBeenCalledTimes(1);
    });
  });
});
