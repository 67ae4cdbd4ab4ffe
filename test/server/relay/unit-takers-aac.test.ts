/** The `aac` taker with a camera's AAC (#55), a real relay core and no network: its sound may not outrun the clock. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUDIO_AHEAD_MS } from '../../../server/relay/audio-pace.js';
import { Relay } from '../../../server/relay/relay.js';
import { unitTakers } from '../../../server/relay/unit-takers.js';

const FRAME = Buffer.alloc(300, 7);

let relay: Relay;
afterEach(() => {
  relay.close();
  vi.useRealTimers();
});

function aacTaker() {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
  relay = new Relay({ maxFrameBytes: 64 * 1024, maxDimension: 4096, offlineAfterMs: 5000, stallAfterMs: 2000 });
  relay.tracks.sound.setPolicy(() => true);
  return unitTakers(relay, 'porch', false).aac;
}

describe('unitTakers > aac with AAC', () => {
  const meta = (seq: number, sampleRate = 48000, config = '1190') => ({ seq, capturedAt: Date.now(), sampleRate, channels: 2, config });

  it('takes a burst of 1024-sample frames up to the lead allowed, refuses more with SOUND_TOO_FAST, and takes again as the clock moves', () => {
    const take = aacTaker();
    const burst = Math.floor((AUDIO_AHEAD_MS * 48) / 1024);
    for (let seq = 1; seq <= burst; seq++) expect(take(meta(seq), FRAME)).toEqual({ ok: true, seq });
    expect(take(meta(burst + 1), FRAME)).toMatchObject({ ok: false, error: 'SOUND_TOO_FAST' });
    vi.advanceTimersByTime(22);
    expect(take(meta(burst + 1), FRAME)).toEqual({ ok: true, seq: burst + 1 });
  });

  it('paces at the config’s rate when the meta claims a higher one', () => {
    const take = aacTaker();
    const burst = Math.floor((AUDIO_AHEAD_MS * 48) / 1024);
    for (let seq = 1; seq <= burst; seq++) expect(take(meta(seq, 96000), FRAME)).toMatchObject({ ok: true });
    expect(take(meta(burst + 1, 96000), FRAME)).toMatchObject({ ok: false, error: 'SOUND_TOO_FAST' });
  });
});
