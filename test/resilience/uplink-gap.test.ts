/**
 * The H.264 uplink over a link too thin for it (#28): a real relay recording a camera by copy, the real
 * capture program (test pattern, libx264) connected through a TCP proxy whose byte rate is capped below
 * the H.264's for a few seconds. The capture side's 4 s buffer overflows, it drops to the next keyframe,
 * and the relay records the hole as an `uplink` gap while live JPEGs keep reaching a viewer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDING_DEFAULTS } from '../../server/recording/settings.js';
import type { RecordingSource } from '../../shared/recording-status.js';
import { FaultProxy } from '../helpers/fault-proxy.js';
import { startCaptureProcess, type Program } from '../helpers/processes.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';

interface Listed {
  segments: Array<{ start: number; end: number; frames: number; format: string; state: string; endReason: string | null }>;
  gaps: Array<{ start: number; end: number; reason: string }>;
  recording: { dropped: Record<string, number>; source?: RecordingSource };
}

/**
 * Bytes per second while capped, for both streams: the 320×180 test pattern's H.264 alone is about 5 KB/s
 * and its JPEGs take most of what is left (newest wins), so the 4 s buffer must overflow.
 */
const CAP = 4000;
/** How long the link stays capped: past the buffer's 4 s, so units are dropped rather than only delayed. */
const CAPPED_MS = 9000;

let relay: TestServer;
let proxy: FaultProxy;
let capture: Program;
let viewer: TestViewer;
const from = Date.now() - 60_000;
let cappedAt = 0;
let liftedAt = 0;
/** Live frames the viewer got while the link was capped. */
let viewedWhileCapped = 0;
const uplinkBytes: number[] = [];
/** Encoders the relay had started for the camera when the cap began (the program's first connect, before it offers h264, is encoded). */
let encodersBeforeCap = 0;
/** Connections the proxy took from the cap until recorded again: the capture client's reconnects. */
let reconnectsAfterCap = 0;

async function list(): Promise<Listed> {
  const res = await fetch(`${relay.url}/api/cameras/door/recordings?from=${from}&to=${Date.now() + 60_000}`, { headers: relay.adminAuth });
  expect(res.status).toBe(200);
  return (await res.json()) as Listed;
}

async function metricUplinkBytes(): Promise<number> {
  const text = await (await fetch(`${relay.url}/metrics`, { headers: relay.adminAuth })).text();
  const line = text.split('\n').find((l) => l.startsWith('camrelay_recording_uplink_bytes_total{camera="door"} '));
  return line ? Number(line.split(' ').at(-1)) : NaN;
}

beforeAll(async () => {
  relay = await startTestServer({ recording: { ...RECORDING_DEFAULTS, segmentSeconds: 120, cameras: { door: { mode: 'continuous', fps: 10 } } } });
  proxy = await FaultProxy.start(relay.port);
  capture = startCaptureProcess(proxy.url, relay.captureToken, 'door', ['--transport', 'socketio', '--width', '320', '--height', '180']);
  viewer = connectViewer(relay.url, { transports: ['websocket'], cameraIds: ['door'] });
  // Recorded by copy before the cap: the camera side's H.264 reaches the relay.
  await waitFor(
    async () => {
      const s = (await list()).recording.source;
      return s && s.copies >= 1 && s.uplinkBytes > 20_000;
    },
    'the camera recorded by copy',
    30_000,
    200,
  );
  uplinkBytes.push(await metricUplinkBytes());
  encodersBeforeCap = (await list()).recording.source!.encoders;
  cappedAt = Date.now();
  const accepted = proxy.accepted;
  proxy.faults.bytesPerSecond = CAP;
  // The live stream is newest-wins on the same thin link: some JPEGs still get through while it is capped.
  await waitFor(() => Date.now() - cappedAt >= CAPPED_MS, 'the capped stretch', CAPPED_MS + 2000, 100);
  viewedWhileCapped = viewer.frames.filter((f) => f.capturedAt >= cappedAt).length;
  proxy.faults.bytesPerSecond = 0;
  liftedAt = Date.now();
  // Recorded again after the lift: a second segment, started at a keyframe captured after the cap.
  await waitFor(
    async () => {
      const { segments } = await list();
      return segments.some((s) => s.start > liftedAt && s.frames > 10);
    },
    'a segment recorded after the lift',
    30_000,
    200,
  );
  uplinkBytes.push(await metricUplinkBytes());
  reconnectsAfterCap = proxy.accepted - accepted;
}, 90_000);

afterAll(async () => {
  viewer?.close();
  await capture?.kill();
  await proxy?.close();
  await stopTestServer(relay);
});

describe('the H.264 uplink over a bandwidth-capped link', () => {
  it('records the capped stretch as an uplink gap, not as the camera going offline', async () => {
    const { gaps, segments } = await list();
    // The hole lies in the capped stretch (the 4 s buffer delays its start) and lasts past the lift, to the next
    // keyframe that fit; a reconnect on the thin link may make an earlier, shorter one, also `uplink`.
    const hole = gaps.find((g) => g.reason === 'uplink' && g.start >= cappedAt - 1000 && g.start < liftedAt && g.end > liftedAt);
    expect(hole).toBeDefined();
    expect(segments.find((s) => s.end === hole!.start)?.endReason).toBe('uplink');
    const others = gaps.filter((g) => g.end > cappedAt && g.reason !== 'uplink');
    // A connection that acks nothing for two frames is connected again by the capture client (engine.ts); the relay
    // ends the segment at the old connection's end, and the rest of that GOP (at most 1 s) is lost with it.
    if (reconnectsAfterCap === 0) expect(others).toEqual([]);
    for (const g of others) expect(g.end - g.start).toBeLessThanOrEqual(1000);
  });

  it('keeps the frames before and after the hole, recorded by copy', async () => {
    const { segments, recording } = await list();
    expect(segments.some((s) => s.start < cappedAt && s.frames > 0)).toBe(true);
    expect(segments.some((s) => s.start > cappedAt && s.frames > 0)).toBe(true);
    expect(segments.every((s) => s.format === 'h264')).toBe(true);
    // No fallback to encoding the late JPEGs while the H.264 was stuck behind them.
    expect(recording.source).toMatchObject({ encoders: encodersBeforeCap, fallbacks: 0 });
  });

  it('kept live JPEGs reaching the viewer while the link was capped', () => {
    expect(viewedWhileCapped).toBeGreaterThan(0);
  });

  it('counts the uplink bytes in /metrics, rising across the cap', () => {
    expect(uplinkBytes[0]).toBeGreaterThan(0);
    expect(uplinkBytes[1]).toBeGreaterThan(uplinkBytes[0]!);
  });
});
