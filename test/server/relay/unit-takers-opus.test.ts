/** The `aac` taker with a browser camera's Opus (#40), a real relay core and no network: its sound may not outrun the clock. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { opusConfigHex } from '../../../common/codec/opus.js';
import { AUDIO_AHEAD_MS } from '../../../server/relay/audio-pace.js';
import { Relay } from '../../../server/relay/relay.js';
import { unitTakers } from '../../../server/relay/unit-takers.js';

const CONFIG = opusConfigHex({ channels: 1, preSkip: 312, inputRate: 48000 });
/** 20 ms of CELT (TOC config 31, one frame) and a few bytes of payload. */
const PACKET = Buffer.from([31 << 3, 1, 2, 3]);

let relay: Relay;
afterEach(() => {
  relay.close();
  vi.useRealTimers();
});

describe('unitTakers > aac with Opus', () => {
  it('takes a burst up to the lead allowed, refuses more with SOUND_TOO_FAST, and takes again as the clock moves', () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    relay = new Relay({ maxFrameBytes: 64 * 1024, maxDimension: 4096, offlineAfterMs: 5000, stallAfterMs: 2000 });
    relay.tracks.sound.setPolicy(() => true);
    const take = unitTakers(relay, 'porch', false).aac;
    const meta = (seq: number) => ({ codec: 'opus', seq, capturedAt: Date.now(), sampleRate: 48000, channels: 1, config: CONFIG });
    const burst = AUDIO_AHEAD_MS / 20;
    for (let seq = 1; seq <= burst; seq++) expect(take(meta(seq), PACKET)).toEqual({ ok: true, seq });
    expect(take(meta(burst + 1), PACKET)).toMatchObject({ ok: false, error: 'SOUND_TOO_FAST' });
    vi.advanceTimersByTime(20);
    expect(take(meta(burst + 1), PACKET)).toEqual({ ok: true, seq: burst + 1 });
  });
});
