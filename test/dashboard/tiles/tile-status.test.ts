import { describe, expect, it } from 'vitest';
import { overlayDetail, overlayText, PILL } from '../../../dashboard/src/tiles/tile-status.js';

const facts = { sinceFresh: 0, sinceDraw: null, lastFrameAt: null, serverNow: 100_000 };

describe('overlayDetail', () => {
  it("takes the relay's last frame for a stalled camera when it is older than our last draw", () => {
    expect(overlayDetail('stalled', { ...facts, sinceFresh: 1000, lastFrameAt: 100_000 - 13_000 })).toBe('no new frame for 13 s');
    expect(overlayDetail('stalled', { ...facts, sinceFresh: 4000, lastFrameAt: 100_000 - 1000 })).toBe('no new frame for 4 s');
  });

  it('does not blame the camera while the relay is unreachable', () => {
    expect(overlayDetail('unreachable', facts)).toBe('nothing is known about this camera until the relay is back');
    expect(overlayDetail('unreachable', { ...facts, sinceDraw: 7000 })).toBe('last frame shown 7 s ago');
    expect(PILL.unreachable).toBe('no relay');
  });

  it('says a camera live at the relay but not drawn here yet waits for its first picture to reach this browser', () => {
    expect(overlayDetail('waiting', facts)).toBe('waiting for its first picture to reach this browser');
    expect(PILL.waiting).toBe('starting');
  });

  it("says a camera the relay calls starting waits for the camera's first picture (#37 item 14)", () => {
    expect(overlayText('starting', facts)).toEqual({ title: 'Starting', detail: "waiting for the camera's first picture", tooltip: '' });
    expect(PILL.starting).toBe('starting');
  });

  it('says since when a camera is offline', () => {
    expect(overlayDetail('offline', { ...facts, lastFrameAt: 100_000 - 300_000 })).toMatch(/^offline since .+ \(5 min ago\)$/);
    expect(overlayDetail('offline', facts)).toBe('no frame received yet');
  });
});

describe('overlayText', () => {
  it('says in words what the capture PC waits for, with its own message as the tooltip', () => {
    const source = { state: 'waiting', error: 'CAMERA_BUSY', message: 'ffmpeg could not start camera "X"', since: 100_000 - 12_000 } as const;
    const text = overlayText('no-camera', { ...facts, source });
    expect(text).toMatchObject({ title: 'Camera in use by another app on the capture PC', tooltip: source.message });
    expect(text.detail).toMatch(/^since .+ \(12 s\); the capture program keeps trying$/);
    expect(overlayText('no-camera', { ...facts, source: { ...source, error: 'CAMERA_GONE' } }).title).toBe(
      'Camera unplugged on the capture PC — waiting for it',
    );
    expect(PILL['no-camera']).toBe('no camera');
  });

  it('keeps the plain titles for every other status', () => {
    expect(overlayText('offline', facts)).toEqual({ title: 'Camera offline', detail: 'no frame received yet', tooltip: '' });
  });
});
