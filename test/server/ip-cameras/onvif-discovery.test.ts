import { describe, expect, it } from 'vitest';
import type { FoundCamera } from '../../../common/onvif/find-onvif-cameras.js';
import { OnvifDiscovery } from '../../../server/ip-cameras/onvif-discovery.js';

const CAMERA: FoundCamera = {
  address: 'http://10.0.0.9/onvif/device_service',
  ok: true,
  maker: 'Acme',
  model: 'PT-100',
  ptz: false,
  profiles: [{ token: 'main', name: 'MainStream', codec: 'H264', width: 1280, height: 720, ptz: false, uri: 'rtsp://10.0.0.9/main' }],
};

/** A discovery whose search answers when the test says so, on a clock the test moves. */
function harness() {
  let now = 1_000_000;
  let answer: (() => void) | null = null;
  const asked: unknown[] = [];
  const discovery = new OnvifDiscovery({
    now: () => now,
    find: (request, options) => {
      asked.push({ request, options });
      return new Promise((resolve) => (answer = () => resolve([CAMERA])));
    },
  });
  return { discovery, asked, answer: () => answer?.(), advance: (ms: number) => (now += ms) };
}

describe('OnvifDiscovery', () => {
  describe('#run', () => {
    it("answers without the profiles' tokens, searching 3 s and giving each camera 4 s", async () => {
      const h = harness();
      const running = h.discovery.run('admin', { probes: [], user: 'admin', password: 'pw' });
      h.answer();
      expect(await running).toEqual([{ ...CAMERA, profiles: [{ name: 'MainStream', codec: 'H264', width: 1280, height: 720, uri: 'rtsp://10.0.0.9/main' }] }]);
      expect(h.asked).toEqual([{ request: { probes: [], user: 'admin', password: 'pw' }, options: { windowMs: 3000, timeoutMs: 3000, deadlineMs: 4000 } }]);
    });

    it('refuses a second discovery while one runs, whoever asks', async () => {
      const h = harness();
      const first = h.discovery.run('admin', { probes: [] });
      await expect(h.discovery.run('other', { probes: [] })).rejects.toMatchObject({ code: 'DISCOVERY_BUSY' });
      h.answer();
      await first;
      expect(h.asked).toHaveLength(1);
    });

    it('lets an admin start one every 5 s, telling how long to wait, and others meanwhile', async () => {
      const h = harness();
      const first = h.discovery.run('admin', { probes: [] });
      h.answer();
      await first;
      h.advance(4000);
      await expect(h.discovery.run('admin', { probes: [] })).rejects.toMatchObject({ code: 'DISCOVERY_TOO_SOON', retryAfterMs: 1000 });
      const other = h.discovery.run('other', { probes: [] });
      h.answer();
      await other;
      h.advance(1000);
      const again = h.discovery.run('admin', { probes: [] });
      h.answer();
      await expect(again).resolves.toHaveLength(1);
    });
  });

  it('refuses a search window over 4 s', () => {
    expect(() => new OnvifDiscovery({ windowMs: 5000 })).toThrow(TypeError);
  });
});
