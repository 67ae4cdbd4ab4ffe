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
});
