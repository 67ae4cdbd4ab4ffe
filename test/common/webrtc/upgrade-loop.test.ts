/** The retry loop both clients run around WebRTC upgrade attempts, with a fake peer and socket, on fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UpgradeLoop, type UpgradeLoopOptions } from '../../../common/webrtc/upgrade-loop.js';
import { WebrtcUpgrade, type UpgradeEnd } from '../../../common/webrtc/upgrade.js';
import type { WebrtcConfig } from '../../../shared/webrtc/protocol.js';
import { config, FakePeer, FakeSocket } from './fakes.js';

describe('UpgradeLoop', () => {
  let socket: FakeSocket;
  let peers: FakePeer[];
  let ends: Array<{ end: UpgradeEnd; retryInMs: number | null }>;
  let configs: Array<WebrtcConfig | null>;
  const loops: UpgradeLoop[] = [];

  beforeEach(() => {
    vi.useFakeTimers();
    socket = new FakeSocket();
    peers = [];
    ends = [];
    configs = [];
  });
  afterEach(() => {
    loops.splice(0).forEach((l) => l.close());
    vi.useRealTimers();
  });

  /** A loop whose attempts are real WebrtcUpgrades on fake peers; `peers.at(-1)` is the current one. */
  function loop(over: Partial<UpgradeLoopOptions> = {}): UpgradeLoop {
    const l = new UpgradeLoop({
      socket: socket.signaling,
      wanted: () => true,
      attempt: (c, onEnd) =>
        new WebrtcUpgrade({ config: c, createPeer: () => peers[peers.push(new FakePeer()) - 1]!, socket: socket.signaling, handlers: { onEnd } }),
      onConfig: (_reply, c) => configs.push(c),
      onEnd: (end, retryInMs) => ends.push({ end, retryInMs }),
      ...over,
    });
    loops.push(l);
    return l;
  }

  describe('#ctor', () => {
    it('asks for webrtc:config at once when connected, and again on every connect', () => {
      loop();
      expect(socket.emitted('webrtc:config')).toHaveLength(1);
      socket.disconnect();
      socket.connect();
      expect(socket.emitted('webrtc:config')).toHaveLength(2);
    });

    it('waits for the connection before asking when not connected yet', () => {
      socket.connected = false;
      loop();
      expect(socket.emitted('webrtc:config')).toHaveLength(0);
      socket.connect();
      expect(socket.emitted('webrtc:config')).toHaveLength(1);
    });
  });

  describe('a config answer', () => {
    it('starts an attempt with the config when the side wants one', () => {
      const started = vi.fn();
      const l = loop({ onStart: started });
      socket.answer('webrtc:config', config());
      expect(l.config).toEqual(config());
      expect([l.running, peers.length]).toEqual([true, 1]);
      expect(started).toHaveBeenCalledWith(l.upgrade);
    });

    it('starts nothing when the side does not want one', () => {
      const l = loop({ wanted: (c) => c.mode === 'on' });
      socket.answer('webrtc:config', config({ mode: 'optional' }));
      expect([l.running, peers.length]).toEqual([false, 0]);
    });

    it('starts nothing for a refusal or junk, and passes the reply on with no config', () => {
      const l = loop();
      socket.answer('webrtc:config', { ok: false, error: 'WEBRTC_DISABLED', message: 'off' });
      expect([l.config, l.running, configs]).toEqual([null, false, [null]]);
    });

    it('is ignored when it answers an older request (a reconnect asked again meanwhile)', () => {
      const l = loop();
      socket.connect();
      socket.answer('webrtc:config', config({ mode: 'optional' }));
      expect([l.config, peers.length]).toEqual([null, 0]);
      socket.answer('webrtc:config', config());
      expect([l.config?.mode, peers.length]).toEqual(['on', 1]);
    });
  });

  describe('after an attempt ends', () => {
    it('tries again after a backoff that doubles: 5 s, then 10 s', async () => {
      const l = loop();
      socket.answer('webrtc:config', config());
      peers.at(-1)!.ice('failed');
      expect(ends.map((e) => [e.end.reason, e.retryInMs])).toEqual([['ice-failed', 5000]]);
      expect(l.retryAt).toBe(Date.now() + 5000);
      await vi.advanceTimersByTimeAsync(4999);
      expect(peers).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect([peers.length, l.running, l.retryAt]).toEqual([2, true, null]);
      peers.at(-1)!.ice('failed');
      expect(ends.at(-1)!.retryInMs).toBe(10_000);
    });

    it('counts an attempt the stack cannot make as an error, and retries it', () => {
      const l = loop({
        attempt: () => {
          throw new Error('RTCPeerConnection is not defined');
        },
      });
      socket.answer('webrtc:config', config());
      expect(l.lastEnd).toMatchObject({ reason: 'error', detail: 'RTCPeerConnection is not defined' });
      expect(ends.at(-1)!.retryInMs).toBe(5000);
    });

    it('does not retry once the side no longer wants one', () => {
      let wanted = true;
      loop({ wanted: () => wanted });
      socket.answer('webrtc:config', config());
      wanted = false;
      peers.at(-1)!.ice('failed');
      expect(ends.at(-1)!.retryInMs).toBeNull();
    });

    it('waits out the backoff after lost signaling, even when the connection is back sooner', async () => {
      const l = loop();
      socket.answer('webrtc:config', config());
      socket.disconnect();
      expect(ends.at(-1)).toMatchObject({ end: { reason: 'signaling-lost' }, retryInMs: 5000 });
      await vi.advanceTimersByTimeAsync(100);
      socket.connect();
      socket.answer('webrtc:config', config());
      expect(peers).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(4900);
      expect([peers.length, l.running]).toEqual([2, true]);
    });
  });

  describe('#startNow', () => {
    it('tries at once, from a fresh backoff', async () => {
      const l = loop();
      socket.answer('webrtc:config', config());
      peers.at(-1)!.ice('failed');
      await vi.advanceTimersByTimeAsync(5000);
      peers.at(-1)!.ice('failed');
      expect(ends.at(-1)!.retryInMs).toBe(10_000);
      l.startNow();
      expect([peers.length, l.running, l.retryAt]).toEqual([3, true, null]);
      peers.at(-1)!.ice('failed');
      expect(ends.at(-1)!.retryInMs).toBe(5000);
    });
  });

  describe('#stop', () => {
    it('ends the attempt as closed, with the reason given, and schedules no retry', async () => {
      const l = loop();
      socket.answer('webrtc:config', config());
      l.stop('switched off in the dashboard');
      expect(ends).toEqual([{ end: expect.objectContaining({ reason: 'closed', detail: 'switched off in the dashboard' }), retryInMs: null }]);
      await vi.advanceTimersByTimeAsync(120_000);
      expect(peers).toHaveLength(1);
    });
  });

  describe('#close', () => {
    it('ends the attempt, cancels a retry, and stops listening for connects and answers', async () => {
      const l = loop();
      socket.answer('webrtc:config', config());
      peers.at(-1)!.ice('failed');
      l.close();
      expect(l.retryAt).toBeNull();
      socket.connect();
      expect(socket.emitted('webrtc:config')).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(120_000);
      expect(peers).toHaveLength(1);
      expect(socket.listenerCount('connect')).toBe(0);
    });

    it('ignores a config answer that comes after it', () => {
      const l = loop();
      l.close();
      socket.answer('webrtc:config', config());
      expect([l.config, peers.length, configs]).toEqual([null, 0, []]);
    });
  });
});
