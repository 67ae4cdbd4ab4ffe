/** The `detections` taker (#39) with a real relay core and no network: checked, gated by the handshake's offer, rate-limited, heard. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Detection } from '../../../common/detect/nanodet-decode.js';
import { Relay } from '../../../server/relay/relay.js';
import { unitTakers } from '../../../server/relay/unit-takers.js';
import type { CaptureOffer, DetectionsMeta } from '../../../shared/demand.js';
import { readTrack } from '../../helpers/track-reader.js';

const META = { seq: 1, capturedAt: 1_700_000_000_000, width: 640, height: 480 };
const PERSON: Detection = { label: 'person', score: 0.9, box: [10, 20, 100, 200] };
const bytes = (d: unknown) => Buffer.from(JSON.stringify(d));

let relay: Relay;
afterEach(() => relay.close());

function setUp(offers: CaptureOffer[], maxFps?: number) {
  relay = new Relay({ maxFrameBytes: 64 * 1024, maxDimension: 4096, offlineAfterMs: 5000, stallAfterMs: 2000, ...(maxFps ? { maxFps } : {}) });
  relay.cameraSide.demand.open('door', offers, () => {});
  const heard: Array<{ cameraId: string; meta: DetectionsMeta; detections: Detection[] }> = [];
  readTrack(relay.tracks.detections, ['door'], (v) => heard.push(v));
  return { take: unitTakers(relay, 'door', false).detections, heard };
}

describe('unitTakers > detections', () => {
  it('publishes a checked verdict on the detections track, its capture time on the server clock, and acks its seq', () => {
    const { take, heard } = setUp(['detect']);
    expect(take({ ...META, clockOffset: 250 }, bytes([PERSON]))).toEqual({ ok: true, seq: 1 });
    expect(heard).toEqual([{ cameraId: 'door', meta: { ...META, capturedAt: META.capturedAt + 250, clockOffset: 250 }, detections: [PERSON] }]);
  });

  it('refuses a verdict from a connection that did not offer detect with DETECT_NOT_OFFERED, and tells no one', () => {
    const { take, heard } = setUp(['rungs', 'h264']);
    expect(take(META, bytes([PERSON]))).toMatchObject({ ok: false, error: 'DETECT_NOT_OFFERED' });
    expect(heard).toEqual([]);
  });

  it('refuses a malformed verdict with its code, and a seq that does not rise', () => {
    const { take, heard } = setUp(['detect']);
    expect(take(META, bytes([{ ...PERSON, label: 'fox' }]))).toMatchObject({ ok: false, error: 'BAD_DETECTIONS' });
    expect(take(META, bytes([]))).toEqual({ ok: true, seq: 1 });
    expect(take(META, bytes([]))).toMatchObject({ ok: false, error: 'BAD_DETECTIONS' });
    expect(heard).toHaveLength(1);
  });

  it('rate-limits a camera’s verdicts as its other units are (--max-fps)', () => {
    const { take, heard } = setUp(['detect'], 2);
    const answers = Array.from({ length: 40 }, (_, i) => take({ ...META, seq: i + 1 }, bytes([])));
    expect(answers.some((a) => !a.ok && a.error === 'RATE_LIMITED')).toBe(true);
    expect(heard.length).toBeLessThan(40);
  });
});
