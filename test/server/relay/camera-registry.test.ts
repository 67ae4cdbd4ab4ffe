import { describe, expect, it } from 'vitest';
import { CameraRegistry } from '../../../server/relay/camera-registry.js';

function registry() {
  const clock = { t: 10_000 };
  const reg = new CameraRegistry({ offlineAfterMs: 5000, stallAfterMs: 2000, forgetAfterMs: 60_000, now: () => clock.t });
  let changes = 0;
  reg.onChange(() => changes++);
  return { reg, clock, changes: () => changes };
}

describe('CameraRegistry', () => {
  describe('#connect', () => {
    it('lists a connected camera that has sent nothing as stalled, not live', () => {
      const { reg } = registry();
      reg.connect('a', 'Front door', 'polling');
      expect(reg.get('a')).toMatchObject({ id: 'a', name: 'Front door', online: true, status: 'stalled', ingest: 'polling', lastFrameAt: null });
    });

    it('keeps a camera online until the offline timeout after its connection closes', () => {
      const { reg, clock } = registry();
      const close = reg.connect('a', undefined, 'websocket');
      reg.frame('a', 'websocket', 640, 360);
      close();
      clock.t += 4999;
      reg.tick();
      expect(reg.get('a')!.online).toBe(true);
      clock.t += 1;
      expect(reg.tick().changed).toBe(true);
      expect(reg.get('a')).toMatchObject({ online: false, status: 'offline', ingest: null, fps: 0 });
    });

    it('ignores a second close of the same connection', () => {
      const { reg, clock } = registry();
      const close = reg.connect('a', undefined, 'websocket');
      reg.connect('a', undefined, 'websocket');
      close();
      close();
      clock.t += 60_000;
      reg.tick();
      expect(reg.get('a')!.status).toBe('stalled');
    });
  });

  describe('#frame', () => {
    it('marks a camera live, records its size and link, and tells listeners', () => {
      const { reg, changes } = registry();
      reg.frame('a', 'http', 1280, 720);
      expect(reg.get('a')).toMatchObject({ status: 'live', ingest: 'http', width: 1280, height: 720, framesIn: 1 });
      expect(changes()).toBe(1);
    });

    it('turns a connected camera stalled after the stall timeout, then live on the next frame', () => {
      const { reg, clock } = registry();
      reg.connect('a', undefined, 'websocket');
      reg.frame('a', 'websocket', 10, 10);
      clock.t += 2001;
      reg.tick();
      expect(reg.get('a')!.status).toBe('stalled');
      reg.frame('a', 'websocket', 10, 10);
      expect(reg.get('a')!.status).toBe('live');
    });

    it('takes an HTTP-only camera offline after the offline timeout', () => {
      const { reg, clock } = registry();
      reg.frame('a', 'http', 10, 10);
      clock.t += 5000;
      reg.tick();
      expect(reg.get('a')!.status).toBe('offline');
    });
  });

  describe('#tick', () => {
    it('forgets a camera offline for longer than forgetAfterMs, and only then', () => {
      const { reg, clock } = registry();
      reg.frame('gone', 'http', 10, 10);
      const close = reg.connect('kept', undefined, 'websocket');
      clock.t += 59_999;
      expect(reg.tick().forgotten).toEqual([]);
      clock.t += 1;
      expect(reg.tick()).toEqual({ changed: true, forgotten: ['gone'] });
      expect(reg.list().map((c) => c.id)).toEqual(['kept']);
      close();
    });

    it('computes frames per second over the last second', () => {
      const { reg, clock } = registry();
      reg.tick();
      for (let i = 0; i < 15; i++) reg.frame('a', 'websocket', 10, 10);
      clock.t += 1000;
      reg.tick();
      expect(reg.get('a')!.fps).toBe(15);
    });
  });
});
