/** HttpCaptureSessions with a real relay core and no network: the HTTP fallback's stand-in for a capture connection (#38). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Relay } from '../../../../server/relay/relay.js';
import { HttpCaptureSessions, readOffers } from '../../../../server/transports/http/capture-sessions.js';
import { CamrelayError } from '../../../../shared/errors.js';
import { makeJpeg } from '../../../helpers/jpeg.js';

const au = Buffer.from([0, 0, 0, 1, 0x41, 1, 2, 3]);
const meta = (seq: number) => ({ seq, capturedAt: 1_700_000_000_000, keyframe: false, width: 320, height: 240 });

let relay: Relay;
let sessions: HttpCaptureSessions;
afterEach(() => {
  sessions?.close();
  relay?.close();
  vi.useRealTimers();
});

function setUp(maxCameras?: number) {
  relay = new Relay({ maxFrameBytes: 64 * 1024, maxDimension: 4096, offlineAfterMs: 5000, stallAfterMs: 2000, ...(maxCameras ? { maxCameras } : {}) });
  sessions = new HttpCaptureSessions(relay, 1000);
}

describe('readOffers', () => {
  it('reads a comma-separated list of offers, and none from an absent header', () => {
    expect(readOffers('h264, h264-rungs,h264')).toEqual(['h264', 'h264-rungs']);
    expect(readOffers(undefined)).toEqual([]);
  });

  it('refuses an unknown name, more than eight, or an overlong header with BAD_OFFERS', () => {
    for (const bad of ['h264,teleport', Array(9).fill('h264').join(','), 'h264,'.repeat(60), ['h264']])
      expect((readOffers(bad) as CamrelayError).code).toBe('BAD_OFFERS');
  });
});

describe('HttpCaptureSessions', () => {
  describe('#touch', () => {
    it("opens a session whose demand asks the camera for H.264 while it records, as a connection's would, and no JPEG rung", () => {
      setUp();
      relay.cameraSide.demand.read('door', 'motion', { track: 'jpeg', width: 320 });
      const session = sessions.touch('door', ['h264', 'rungs'], 'run-1')!;
      expect(session.demand.current).toMatchObject({ h264: false, units: true });
      expect(session.demand.current.widths).toEqual([]);
      relay.cameraSide.demand.read('door', 'recorder', { track: 'h264', live: false });
      relay.cameraSide.demand.refresh();
      expect(sessions.demandOf('door')).toMatchObject({ h264: true, units: true, h264Live: false });
      expect(relay.cameraSide.demand.offersH264('door')).toBe(true);
    });

    it('keeps one session, and its rising seq, for the POSTs of one run; a new run gets a new one', () => {
      setUp();
      const first = sessions.touch('door', ['h264'], 'run-1')!;
      expect(first.takers.h264(meta(5), au)).toEqual({ ok: true, seq: 5 });
      expect(sessions.touch('door', ['h264'], 'run-1')).toBe(first);
      expect(first.takers.h264(meta(5), au)).toMatchObject({ ok: false, error: 'BAD_H264' });
      // A restarted program counts from 0 again: its session is its own.
      const second = sessions.touch('door', ['h264'], 'run-2')!;
      expect(second).not.toBe(first);
      expect(second.takers.h264(meta(0), au)).toEqual({ ok: true, seq: 0 });
    });

    it('gives no session to a POST that offers nothing, or when the relay has no room for the camera', async () => {
      setUp(1);
      expect(sessions.touch('door', [], 'run-1')).toBeNull();
      expect(sessions.touch('door', ['h264'], 'run-1')).not.toBeNull();
      expect(relay.ingest('door', { seq: 1, capturedAt: Date.now() }, await makeJpeg(16, 16), 'http').ok).toBe(true);
      expect(sessions.touch('porch', ['h264'], 'run-1')).toBeNull();
    });

    it('closes a session silent for its idle time: the camera is asked nothing more', () => {
      vi.useFakeTimers();
      setUp();
      sessions.touch('door', ['h264'], 'run-1');
      vi.advanceTimersByTime(900);
      sessions.touch('door', ['h264'], 'run-1');
      vi.advanceTimersByTime(900);
      expect(relay.cameraSide.demand.offersH264('door')).toBe(true);
      vi.advanceTimersByTime(200);
      expect(sessions.demandOf('door')).toBeNull();
      expect(relay.cameraSide.demand.offersH264('door')).toBe(false);
    });
  });
});
