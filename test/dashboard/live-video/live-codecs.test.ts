import { describe, expect, it } from 'vitest';
import { H264_RETRY_MS } from '../../../shared/live-video.js';
import { LiveCodecs, RELAY_JPEG_AFTER_MS } from '../../../dashboard/src/live-video/live-codecs.js';

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
    expect(codecs.word(porch, 'jpeg').why).toMatch(/no picture was decoded within two seconds.*1200 ms/);
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

  it('says a tile smaller than the camera is JPEG by its size when the camera side makes H.264 at full size only', () => {
    const codecs = new LiveCodecs({ kind: 'webcodecs', onChange: () => {} });
    codecs.ask([porch], { porch: 600 });
    expect(codecs.word(porch, 'jpeg').why).toMatch(/smaller than its full size.*full size only/);
    // The same camera in the single view is asked as H.264: no size to blame.
    codecs.ask([porch], {});
    expect(codecs.word(porch, 'jpeg').why).toBe('');
    // With rungs from its camera side the small tile is asked as H.264 too.
    const yard = { ...porch, id: 'yard', h264Rungs: true };
    codecs.askRungs([yard], { yard: 600 });
    expect(codecs.word(yard, 'jpeg').why).toBe('');
  });

  it(`says the relay sent JPEG when a live tile asked as H.264 drew only JPEG for ${RELAY_JPEG_AFTER_MS / 1000} s`, () => {
    let now = 0;
    const codecs = new LiveCodecs({ kind: 'webcodecs', onChange: () => {}, now: () => now });
    codecs.ask([porch], {});
    now += RELAY_JPEG_AFTER_MS - 1;
    expect(codecs.word(porch, 'jpeg').why).toBe(''); // its first picture may still be on its way
    now += 1;
    codecs.ask([porch], {}); // asking again, as scrolling does, is no new start
    expect(codecs.word(porch, 'jpeg').why).toMatch(/relay sent this camera as JPEG.*none came/);
    expect(codecs.word(porch, 'jpeg', false).why).toBe(''); // a paused or hidden tile draws nothing to explain
    expect(codecs.word(porch, 'h264').why).toBe('');
    // Left out of the ask (a grid tile), then asked again: the wait starts over.
    codecs.ask([porch], { porch: 600 });
    codecs.ask([porch], {});
    expect(codecs.word(porch, 'jpeg').why).toBe('');
  });
});
