import { describe, expect, it } from 'vitest';
import { AUDIO_AHEAD_MS, AudioPace } from '../../../server/relay/audio-pace.js';

describe('AudioPace', () => {
  describe('#take', () => {
    it('takes sound as fast as real time for ever', () => {
      let now = 0;
      const pace = new AudioPace(() => now);
      let refused = 0;
      // Ten minutes of 20 ms packets.
      for (let i = 0; i < 50 * 600; i++, now += 20) if (!pace.take(960, 48000)) refused++;
      expect(refused).toBe(0);
    });

    it('takes a burst up to AUDIO_AHEAD_MS ahead of the clock, then refuses until the clock catches up', () => {
      let now = 1000;
      const pace = new AudioPace(() => now);
      const packets = AUDIO_AHEAD_MS / 20;
      for (let i = 0; i < packets; i++) expect(pace.take(960, 48000)).toBe(true);
      expect(pace.take(960, 48000)).toBe(false);
      now += 20;
      expect(pace.take(960, 48000)).toBe(true);
      expect(pace.take(960, 48000)).toBe(false);
    });
  });
});
