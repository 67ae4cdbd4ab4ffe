import { describe, expect, it } from 'vitest';
import { CameraSync } from '../../../server/cluster/camera-sync.js';
import type { CameraInfo } from '../../../shared/protocol.js';

const cam = (over: Partial<CameraInfo> = {}): CameraInfo => ({
  id: 'porch',
  name: 'Porch',
  online: true,
  status: 'live',
  lastFrameAt: 1000,
  fps: 10,
  framesIn: 5,
  ingest: 'websocket',
  width: 64,
  height: 48,
  ...over,
});

describe('CameraSync', () => {
  it("tells viewers of another node's list only when something they are told about changes, not on every frame count", () => {
    let changes = 0;
    const sync = new CameraSync('me', 2000, 5000, () => changes++);
    sync.receive({ nodeId: 'b', cameras: [cam()] });
    expect(changes).toBe(1);
    sync.receive({ nodeId: 'b', cameras: [cam({ lastFrameAt: 1500, framesIn: 10 })] });
    expect(changes).toBe(1);
    sync.receive({ nodeId: 'b', cameras: [cam({ status: 'stalled' })] });
    expect(changes).toBe(2);
  });

  it("tells viewers when another node's capture client says its camera is busy, and forgets it with a silent node", () => {
    let changes = 0;
    let now = 0;
    const sync = new CameraSync(
      'me',
      2000,
      5000,
      () => changes++,
      () => now,
    );
    sync.receive({ nodeId: 'b', cameras: [cam()] });
    const busy = { state: 'waiting', error: 'CAMERA_BUSY', message: 'in use', since: 1 } as const;
    sync.receive({ nodeId: 'b', cameras: [cam({ source: busy })] });
    expect(changes).toBe(2);
    expect(sync.cameras()[0]?.source?.error).toBe('CAMERA_BUSY');
    now = 2500;
    sync.tick();
    expect(sync.cameras()[0]).toMatchObject({ online: false, source: undefined });
  });

  it("carries another node's ptz caps, tells viewers when they change, and drops them with a silent node", () => {
    let changes = 0;
    let now = 0;
    const sync = new CameraSync(
      'me',
      2000,
      5000,
      () => changes++,
      () => now,
    );
    const ptz = { pan: true, tilt: true, zoom: false, presets: [] };
    sync.receive({ nodeId: 'b', cameras: [cam()] });
    sync.receive({ nodeId: 'b', cameras: [cam({ ptz })] });
    expect(changes).toBe(2);
    expect(sync.cameras()[0]?.ptz).toEqual(ptz);
    sync.receive({ nodeId: 'b', cameras: [cam({ ptz: { ...ptz, presets: [{ token: 'p1', name: 'Gate' }] } })] });
    expect(changes).toBe(3);
    now = 2500;
    sync.tick();
    expect(sync.cameras()[0]).toMatchObject({ online: false, ptz: undefined });
  });

  it("bounds another node's ptz caps as a capture client's: at most 64 presets, names cut, and no caps when they are not caps", () => {
    const sync = new CameraSync('me', 2000, 5000, () => {});
    const presets = Array.from({ length: 100 }, (_, i) => ({ token: `p${i}`, name: 'x'.repeat(500) }));
    sync.receive({
      nodeId: 'b',
      cameras: [cam({ id: 'dome', ptz: { pan: true, tilt: true, zoom: true, presets } }), cam({ id: 'odd', ptz: { pan: 'yes' } as never })],
    });
    const [dome, odd] = sync.cameras();
    expect(dome?.ptz?.presets).toHaveLength(64);
    expect(dome?.ptz?.presets[0]?.name).toHaveLength(100);
    expect(odd?.ptz).toBeUndefined();
  });
});
