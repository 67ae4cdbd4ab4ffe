import { describe, expect, it } from 'vitest';
import { mergeCameras, preferredCamera } from '../../../server/relay/camera-list.js';
import type { CameraInfo } from '../../../shared/protocol.js';

const cam = (id: string, online: boolean, lastFrameAt: number | null, name = id): CameraInfo => ({
  id,
  name,
  online,
  status: online ? 'live' : 'offline',
  lastFrameAt,
  fps: 0,
  framesIn: 0,
  ingest: online ? 'websocket' : null,
  width: null,
  height: null,
});

describe('preferredCamera', () => {
  it('takes the online entry over an offline one, else the one seen last', () => {
    expect(preferredCamera(cam('a', false, 9), cam('a', true, 1)).online).toBe(true);
    expect(preferredCamera(cam('a', true, 1), cam('a', false, 9)).online).toBe(true);
    expect(preferredCamera(cam('a', false, 1, 'old'), cam('a', false, 9, 'new')).name).toBe('new');
    expect(preferredCamera(cam('a', false, null, 'local'), cam('a', false, null, 'remote')).name).toBe('local');
  });
});

describe('mergeCameras', () => {
  it("lists each camera once, local ones first, a remote node's live entry over a local offline one", () => {
    const local = [cam('porch', false, 5, 'saved here'), cam('yard', true, 7)];
    const remote = [cam('gate', true, 3), cam('porch', true, 9, 'live there')];
    expect(mergeCameras(local, remote).map((c) => [c.id, c.name, c.online])).toEqual([
      ['porch', 'live there', true],
      ['yard', 'yard', true],
      ['gate', 'gate', true],
    ]);
  });
});
