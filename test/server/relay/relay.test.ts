import { afterEach, describe, expect, it } from 'vitest';
import { Relay } from '../../../server/relay/relay.js';
import type { Frame } from '../../../server/relay/frame.js';
import { fakeJpegHeader, makeJpeg } from '../../helpers/jpeg.js';
import { ManualSink } from '../../helpers/frames.js';

const relays: Relay[] = [];
function relay(): Relay {
  const r = new Relay({ maxFrameBytes: 64 * 1024, maxDimension: 4096, offlineAfterMs: 5000, stallAfterMs: 2000 });
  relays.push(r);
  return r;
}
afterEach(() => relays.splice(0).forEach((r) => r.close()));

describe('Relay', () => {
  describe('#ingest', () => {
    it('fans a frame out to every subscribed viewer, sharing one buffer', async () => {
      const r = relay();
      const jpeg = await makeJpeg(32, 24);
      const sinks = [new ManualSink(), new ManualSink(), new ManualSink()];
      const viewers = sinks.map((s) => r.addViewer(s));
      viewers[0]!.subscribe('*');
      viewers[1]!.subscribe(['cam']);
      viewers[2]!.subscribe(['other']);
      const result = r.ingest('cam', { seq: 0, capturedAt: 1 }, jpeg, 'websocket');
      expect(result.ok).toBe(true);
      expect(sinks.map((s) => s.written.length)).toEqual([1, 1, 0]);
      expect(sinks[0]!.written[0]!.jpeg).toBe(sinks[1]!.written[0]!.jpeg);
      expect(sinks[0]!.written[0]!.meta).toMatchObject({ cameraId: 'cam', seq: 0, width: 32, height: 24, clockSynced: false });
    });

    it('keeps healthy viewers at full rate while a frozen viewer holds two frames', async () => {
      const r = relay();
      const jpeg = await makeJpeg();
      const healthy: Frame[] = [];
      r.addViewer({ write: (f, done) => (healthy.push(f), done()) }).subscribe('*');
      const frozen = new ManualSink();
      const frozenViewer = r.addViewer(frozen);
      frozenViewer.subscribe('*');
      for (let i = 0; i < 300; i++) r.ingest('cam', { seq: i, capturedAt: i }, jpeg, 'websocket');
      expect(healthy).toHaveLength(300);
      expect(frozenViewer.held).toBe(2);
      frozen.release();
      expect(frozen.seqs).toEqual([0, 299]);
    });

    it('refuses oversized, non-JPEG and absurdly sized frames with their codes and delivers none', async () => {
      const r = relay();
      const sink = new ManualSink();
      r.addViewer(sink).subscribe('*');
      const meta = { seq: 0, capturedAt: 1 };
      const cases: Array<[Buffer, string]> = [
        [Buffer.alloc(65 * 1024, 0xff), 'FRAME_TOO_LARGE'],
        [Buffer.from('<html>not a jpeg</html>'), 'NOT_JPEG'],
        [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0, 0]), 'NOT_JPEG'],
        [fakeJpegHeader(65535, 65535), 'FRAME_TOO_LARGE'],
      ];
      for (const [jpeg, code] of cases) {
        const result = r.ingest('cam', meta, jpeg, 'http');
        expect(result.ok ? 'ok' : result.error.code).toBe(code);
      }
      expect(sink.written).toHaveLength(0);
      expect(r.cameras.getLocal('cam')).toBeUndefined();
    });

    it('accepts a new capture session however its seq and clock compare, as a higher epoch', async () => {
      const r = relay();
      const jpeg = await makeJpeg();
      const first = r.ingest('cam', { seq: 50_000, capturedAt: 9_000_000, session: 'a' }, jpeg, 'websocket');
      const firstEpoch = first.ok ? first.value.meta.epoch : NaN;
      // The PC's clock was an hour fast; fixed and restarted, it starts again at 0 an hour "earlier".
      const restarted = r.ingest('cam', { seq: 0, capturedAt: 5_400_000, session: 'b' }, jpeg, 'websocket');
      expect(restarted.ok && restarted.value.meta.epoch).toBeGreaterThan(firstEpoch);
      const stale = r.ingest('cam', { seq: 0, capturedAt: 5_400_000, session: 'b' }, jpeg, 'http');
      expect(stale.ok ? 'ok' : stale.error.code).toBe('STALE_FRAME');
    });

    it('numbers its own session of a camera above the epoch of the frames another node sent (a failover)', async () => {
      const r = relay();
      const jpeg = await makeJpeg(32, 24);
      const ahead = Date.now() + 60_000;
      r.injectRemote({ cameraId: 'cam', seq: 7, epoch: ahead, capturedAt: 1, clockSynced: false, receivedAt: 1, width: 32, height: 24 }, jpeg, 'websocket');
      const taken = r.ingest('cam', { seq: 0, capturedAt: 1, session: 'moved' }, jpeg, 'websocket');
      expect(taken.ok && taken.value.meta.epoch).toBe(ahead + 1);
    });

    it('drops a frame older than the newest one and accepts a restarted client', async () => {
      const r = relay();
      const jpeg = await makeJpeg();
      expect(r.ingest('cam', { seq: 5, capturedAt: 5000 }, jpeg, 'websocket').ok).toBe(true);
      const stale = r.ingest('cam', { seq: 4, capturedAt: 4900 }, jpeg, 'http');
      expect(stale.ok ? 'ok' : stale.error.code).toBe('STALE_FRAME');
      expect(r.ingest('cam', { seq: 0, capturedAt: 9000 }, jpeg, 'websocket').ok).toBe(true);
      expect(r.latestFrame('cam')!.seq).toBe(0);
    });

    it('puts capturedAt on the server clock when the client reports its offset', async () => {
      const r = relay();
      const result = r.ingest('cam', { seq: 0, capturedAt: 1000, clockOffset: 250 }, await makeJpeg(), 'websocket');
      expect(result.ok && result.value.meta).toMatchObject({ capturedAt: 1250, clockSynced: true });
    });
  });

  describe('#ingest limits', () => {
    it('caps each camera at maxFps with half a second of burst, refusing the excess as RATE_LIMITED', async () => {
      const clock = { t: 0 };
      const r = new Relay({ maxFrameBytes: 64 * 1024, maxDimension: 4096, offlineAfterMs: 5000, stallAfterMs: 2000, maxFps: 10, now: () => clock.t });
      relays.push(r);
      const jpeg = await makeJpeg();
      const burst = Array.from({ length: 20 }, (_, i) => r.ingest('cam', { seq: i, capturedAt: i }, jpeg, 'websocket'));
      expect(burst.filter((x) => x.ok)).toHaveLength(5);
      expect(burst.filter((x) => !x.ok && x.error.code === 'RATE_LIMITED')).toHaveLength(15);
      clock.t += 1000;
      const later = Array.from({ length: 20 }, (_, i) => r.ingest('cam', { seq: 100 + i, capturedAt: 100 + i }, jpeg, 'websocket'));
      expect(later.filter((x) => x.ok)).toHaveLength(5);
      // Another camera has its own budget.
      expect(r.ingest('other', { seq: 0, capturedAt: 0 }, jpeg, 'websocket').ok).toBe(true);
    });

    it('caps H.264 units per stream at maxFps with 5 s of burst (an uplink backlog), each rung apart', () => {
      const clock = { t: 0 };
      const r = new Relay({ maxFrameBytes: 64 * 1024, maxDimension: 4096, offlineAfterMs: 5000, stallAfterMs: 2000, maxFps: 10, now: () => clock.t });
      relays.push(r);
      const burst = Array.from({ length: 60 }, () => r.admission.unit('cam', 'main'));
      expect(burst.filter((x) => x === null)).toHaveLength(50);
      expect(burst.filter((x) => x?.code === 'RATE_LIMITED')).toHaveLength(10);
      expect(r.admission.unit('cam', 'rung 320')).toBeNull();
      clock.t += 1000;
      expect(Array.from({ length: 20 }, () => r.admission.unit('cam', 'main')).filter((x) => x === null)).toHaveLength(10);
    });

    it('refuses a new camera id beyond maxCameras, and keeps taking frames from known ones', async () => {
      const r = new Relay({ maxFrameBytes: 64 * 1024, maxDimension: 4096, offlineAfterMs: 5000, stallAfterMs: 2000, maxCameras: 2 });
      relays.push(r);
      const jpeg = await makeJpeg();
      expect(r.ingest('a', { seq: 0, capturedAt: 0 }, jpeg, 'http').ok).toBe(true);
      expect(r.ingest('b', { seq: 0, capturedAt: 0 }, jpeg, 'http').ok).toBe(true);
      const third = r.ingest('c', { seq: 0, capturedAt: 0 }, jpeg, 'http');
      expect(third.ok ? 'ok' : third.error.code).toBe('TOO_MANY_CAMERAS');
      expect(r.ingest('a', { seq: 1, capturedAt: 1 }, jpeg, 'http').ok).toBe(true);
    });
  });

  describe('#addViewer', () => {
    it('sends nothing to a paused viewer and stops after close', async () => {
      const r = relay();
      const sink = new ManualSink();
      const viewer = r.addViewer(sink);
      viewer.subscribe('*');
      viewer.setPaused(true);
      r.ingest('cam', { seq: 0, capturedAt: 0 }, await makeJpeg(), 'websocket');
      expect(sink.written).toHaveLength(0);
      viewer.close();
      expect(r.viewerCount).toBe(0);
    });
  });
});
