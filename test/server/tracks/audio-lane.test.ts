import { describe, expect, it } from 'vitest';
import { AUDIO_WAITING_MAX, AUDIO_WINDOW } from '../../../shared/live-audio.js';
import { type AacUnit, AudioLane } from '../../../server/tracks/audio-lane.js';

const unit = (seq: number): AacUnit => ({
  meta: { cameraId: 'cam', seq, capturedAt: seq * 21, sampleRate: 48_000, channels: 2, config: '1190' },
  frame: Buffer.alloc(4),
});

describe('AudioLane', () => {
  it(`holds ${AUDIO_WINDOW} frames in flight and ${AUDIO_WAITING_MAX} waiting, in frames alone`, () => {
    const lane = new AudioLane({ write: () => {} });
    expect(lane.window).toBe(AUDIO_WINDOW);
    expect(lane.bounds).toEqual({ units: AUDIO_WINDOW + AUDIO_WAITING_MAX, bytes: Infinity });
  });

  it('counts every frame it does not send as dropped: offered while paused, and what waited at close', () => {
    const lane = new AudioLane({ write: () => {} });
    lane.window = 1;
    for (let seq = 0; seq < 4; seq++) lane.offer(unit(seq));
    lane.pause();
    expect(lane.dropped).toBe(3);
    lane.offer(unit(4));
    expect(lane.dropped).toBe(4);
    expect(lane.resume()).toBe(true);
    for (let seq = 5; seq < 8; seq++) lane.offer(unit(seq));
    lane.close();
    expect(lane.dropped).toBe(6);
    expect(lane.held).toBe(0);
  });
});
