import { describe, expect, it } from 'vitest';
import { H264_RETRY_MS } from '../../../shared/live-video.js';
import { LiveCodecs } from '../../../dashboard/src/live-video/live-codecs.js';

/** A clock whose timers run when the test moves it. */
function fakeTimers() {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  return {
    setTimer: (fn: () => void, ms: number) => {
      timers.set(next, { at: now + ms, fn });
      return next++;
    },
    clearTimer: (t: unknown) => timers.delete(t as number),
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers]) {
        if (t.at > now) continue;
        timers.delete(id);
        t.fn();
      }
    },
  };
}

const porch = { id: 'porch', h264: true, width: 1280 };
const gate = { id: 'gate', h264: false, width: 1280 };

describe('LiveCodecs', () => {
  it('asks a smaller tile as H.264 at its rung only where the camera side makes rungs, else leaves it on its JPEG rung', () => {
    const codecs = new LiveCodecs({ kind: 'webcodecs', onChange: () => {} });
    const yard = { id: 'yard', h264: true, h264Rungs: true, width: 1280 };
    const widths = { porch: 600, yard: 600 };
    expect(codecs.askRungs([porch, yard, gate], widths)).toEqual(['yard']);
    expect(codecs.ask([porch, yard, gate], widths)).toEqual([]);
    // At full size it is asked as the camera's own H.264, not a rung.
    expect(codecs.askRungs([yard], { yard: 1280 })).toEqual([]);
    expect(codecs.ask([yard], { yard: 1280 })).toEqual(['yard']);
    expect(new LiveCodecs({ kind: null, onChange: () => {} }).askRungs([yard], widths)).toEqual([]);
  });

  it('asks H.264 only for cameras that send it, shown at full size, on a page that can decode', () => {
    const codecs = new LiveCodecs({ kind: 'webcodecs', onChange: () => {} });
    expect(codecs.ask([porch, gate], {})).toEqual(['porch']); // no width: the single view, native
    expect(codecs.ask([porch], { porch: 640 })).toEqual([]); // a 640 rung suits this tile better
    expect(codecs.ask([porch], { porch: 1400 })).toEqual(['porch']); // wider than the camera: native
    expect(new LiveCodecs({ kind: null, onChange: () => {} }).ask([porch], {})).toEqual([]);
  });

  it('goes back to JPEG at once after a fall, tries again after a backoff that grows, and says why meanwhile', () => {
    const t = fakeTimers();
    let changes = 0;
    const codecs = new LiveCodecs({ kind: 'mse', onChange: () => changes++, setTimer: t.setTimer, clearTimer: t.clearTimer });
    codecs.fellBack('porch', 'stall', 'no picture for 1200 ms while units arrived');
    expect(changes).toBe(1);
    expect(codecs.ask([porch], {})).toEqual([]);
    expect(codecs.word(porch, 'jpeg').why).toMatch(/no picture was decoded within a second.*1200 ms/);
    t.advance(H264_RETRY_MS[0] - 1);
    expect(codecs.ask([porch], {})).toEqual([]);
    t.advance(1);
    expect(changes).toBe(2);
    expect(codecs.ask([porch], {})).toEqual(['porch']);
    codecs.fellBack('porch', 'decoder-error', 'EncodingError');
    t.advance(H264_RETRY_MS[0]);
    expect(codecs.ask([porch], {})).toEqual([]); // the second fall waits longer
    t.advance(H264_RETRY_MS[1] - H264_RETRY_MS[0]);
    expect(codecs.ask([porch], {})).toEqual(['porch']);
  });

  it('tells the page to ask again only when the cameras that send H.264 change', () => {
    const codecs = new LiveCodecs({ kind: 'webcodecs', onChange: () => {} });
    expect(codecs.camerasChanged([gate])).toBe(false); // none sends H.264, as before
    expect(codecs.camerasChanged([porch, gate])).toBe(true);
    expect(codecs.camerasChanged([porch, { ...gate, width: 640 }])).toBe(false);
    expect(codecs.camerasChanged([{ ...porch, h264: false }, gate])).toBe(true);
  });

  it('tells the page to ask again when the width of a camera that sends H.264 becomes known', () => {
    const codecs = new LiveCodecs({ kind: 'webcodecs', onChange: () => {} });
    // Listed before its first frame: no width, so a full-size tile takes the top JPEG rung.
    expect(codecs.camerasChanged([{ ...porch, width: null }])).toBe(true);
    expect(codecs.ask([{ ...porch, width: null }], { porch: 1230 })).toEqual([]);
    expect(codecs.camerasChanged([porch])).toBe(true);
    expect(codecs.ask([porch], { porch: 1230 })).toEqual(['porch']);
  });

  it('names why a camera is JPEG when nothing failed', () => {
    const codecs = new LiveCodecs({ kind: 'webcodecs', onChange: () => {} });
    expect(codecs.word(gate, 'jpeg').why).toMatch(/sends JPEG only/);
    expect(codecs.word(porch, 'h264')).toEqual({ codec: 'h264', why: '' });
    expect(new LiveCodecs({ kind: null, onChange: () => {} }).word(porch, 'jpeg').why).toMatch(/cannot decode H.264/);
  });
});
