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
  describe('#setSource', () => {
    it("shows a connected client's reason for sending no frames until it says ok", () => {
      const { reg, clock, changes } = registry();
      reg.connect('a', undefined, 'websocket');
      const before = changes();
      reg.setSource('a', { state: 'waiting', error: 'CAMERA_BUSY', message: 'Teams has it' });
      expect(reg.get('a')).toMatchObject({ online: true, source: { state: 'waiting', error: 'CAMERA_BUSY', message: 'Teams has it', since: 10_000 } });
      expect(changes()).toBe(before + 1);
      clock.t += 3000;
      reg.setSource('a', { state: 'waiting', error: 'CAMERA_BUSY', message: 'Teams has it' });
      expect(changes()).toBe(before + 1);
      reg.setSource('a', { state: 'waiting', error: 'CAMERA_GONE', message: 'unplugged' });
      expect(reg.get('a')!.source).toMatchObject({ error: 'CAMERA_GONE', since: 13_000 });
      reg.setSource('a', { state: 'ok' });
      expect(reg.get('a')).not.toHaveProperty('source');
    });

    it('forgets the reason when the last connection ends, and ignores one from no connection', () => {
      const { reg } = registry();
      const close = reg.connect('a', undefined, 'websocket');
      reg.setSource('a', { state: 'waiting', error: 'CAMERA_GONE', message: 'unplugged' });
      close();
      expect(reg.get('a')).not.toHaveProperty('source');
      reg.setSource('a', { state: 'waiting', error: 'CAMERA_GONE', message: 'unplugged' });
      expect(reg.get('a')).not.toHaveProperty('source');
    });
  });

  describe('#setPtz', () => {
    it('lists what a connected client says its camera can move, once per change, until the last connection ends', () => {
      const { reg, changes } = registry();
      const close = reg.connect('a', undefined, 'websocket');
      const before = changes();
      const caps = { pan: true, tilt: false, zoom: true, presets: [{ token: 'p1', name: 'Gate' }] };
      reg.setSaid('a', 'ptz', caps);
      reg.setSaid('a', 'ptz', { ...caps, presets: [...caps.presets] });
      expect(reg.get('a')?.ptz).toEqual(caps);
      expect(changes()).toBe(before + 1);
      close();
      expect(reg.get('a')).not.toHaveProperty('ptz');
      reg.setSaid('a', 'ptz', caps);
      expect(reg.get('a')).not.toHaveProperty('ptz');
    });
  });

  describe('#connect', () => {
    it('lists a connected camera that has sent nothing as starting, not live nor stalled however long it waits (#37 item 14)', () => {
      const { reg, clock } = registry();
      reg.connect('a', 'Front door', 'polling');
      expect(reg.get('a')).toMatchObject({ id: 'a', name: 'Front door', online: true, status: 'starting', ingest: 'polling', lastFrameAt: null });
      clock.t += 15_000;
      reg.tick();
      expect(reg.get('a')!.status).toBe('starting');
      reg.frame('a', 'polling', 640, 360);
      expect(reg.get('a')!.status).toBe('live');
      clock.t += 2001;
      reg.tick();
      expect(reg.get('a')!.status).toBe('stalled');
    });

    it('keeps a camera that sent and reconnected stalled, not starting: only its first frame of the run counts', () => {
      const { reg, clock } = registry();
      const close = reg.connect('a', undefined, 'websocket');
      reg.frame('a', 'websocket', 640, 360);
      close();
      clock.t += 5000;
      reg.tick();
      expect(reg.get('a')!.status).toBe('offline');
      reg.connect('a', undefined, 'websocket');
      expect(reg.get('a')!.status).toBe('stalled');
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
      expect(reg.get('a')!.status).toBe('starting');
    });
  });

  describe('#onConnectionsEnded', () => {
    it('says when a camera’s last capture connection ends, not an earlier one of two', () => {
      const { reg } = registry();
      const ended: string[] = [];
      reg.onConnectionsEnded((id) => ended.push(id));
      const [first, second] = [reg.connect('a', undefined, 'websocket'), reg.connect('a', undefined, 'websocket')];
      first();
      expect(ended).toEqual([]);
      second();
      second();
      expect(ended).toEqual(['a']);
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

  describe('#restore', () => {
    it('lists a camera known from an earlier run offline, with its last sighting and size', () => {
      const { reg } = registry();
      reg.restore('porch', { name: 'Porch', lastFrameAt: 9000, width: 640, height: 360 });
      expect(reg.get('porch')).toEqual({
        id: 'porch',
        name: 'Porch',
        online: false,
        status: 'offline',
        lastFrameAt: 9000,
        fps: 0,
        framesIn: 0,
        ingest: null,
        width: 640,
        height: 360,
      });
    });

    it('keeps it offline whatever its last sighting, until it connects (starting) or sends a frame (live)', () => {
      const { reg, clock } = registry();
      reg.restore('porch', { name: 'Porch', lastFrameAt: clock.t, width: 640, height: 360 });
      reg.tick();
      expect(reg.get('porch')!.status).toBe('offline');
      reg.connect('porch', undefined, 'websocket');
      expect(reg.get('porch')!.status).toBe('starting');
      reg.frame('porch', 'websocket', 320, 240);
      expect(reg.get('porch')).toMatchObject({ status: 'live', width: 320, height: 240, framesIn: 1 });
    });

    it('takes the later sighting for a camera already listed offline, and leaves an online one alone', () => {
      const { reg } = registry();
      reg.restore('porch', { name: 'Porch', lastFrameAt: 5000, width: null, height: null });
      reg.restore('porch', { name: 'Porch', lastFrameAt: 4000, width: null, height: null });
      expect(reg.get('porch')!.lastFrameAt).toBe(5000);
      reg.restore('porch', { name: 'Porch', lastFrameAt: 6000, width: null, height: null });
      expect(reg.get('porch')!.lastFrameAt).toBe(6000);
      reg.frame('live', 'http', 10, 10);
      reg.restore('live', { name: 'Old name', lastFrameAt: 1, width: 99, height: 99 });
      expect(reg.get('live')).toMatchObject({ name: 'live', status: 'live', width: 10 });
    });
  });

  describe('#remove', () => {
    it('drops a camera, tells listeners, and ignores the close of a connection it had', () => {
      const { reg, changes } = registry();
      const close = reg.connect('a', undefined, 'websocket');
      const before = changes();
      expect(reg.remove('a')).toBe(true);
      expect(changes()).toBe(before + 1);
      close();
      expect(changes()).toBe(before + 1);
      expect(reg.get('a')).toBeUndefined();
      expect(reg.remove('a')).toBe(false);
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

    it('never forgets a camera it is told to keep (a saved one)', () => {
      const clock = { t: 10_000 };
      const reg = new CameraRegistry({ offlineAfterMs: 5000, stallAfterMs: 2000, forgetAfterMs: 60_000, keep: (id) => id === 'saved', now: () => clock.t });
      reg.frame('saved', 'http', 10, 10);
      reg.frame('other', 'http', 10, 10);
      clock.t += 5000;
      reg.tick(); // both offline now
      clock.t += 3_600_000;
      expect(reg.tick().forgotten).toEqual(['other']);
      expect(reg.list().map((c) => c.id)).toEqual(['saved']);
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
