/** SoundProbe: a camera's sound track learnt from its first frame, shared by readers asking at once, a silent camera not waited for twice, and listened to on only while read. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AacUnit } from '../../../server/tracks/audio-lane.js';
import type { LaneSink } from '../../../server/tracks/lane.js';
import type { TrackReader } from '../../../server/tracks/track.js';
import type { SoundSource } from '../../../server/streams/rtsp-sound.js';
import { SoundProbe } from '../../../server/streams/sound-probe.js';

/** A sound track of one camera whose frames the test sends. */
function source(allowed = true) {
  const sinks = new Map<TrackReader, LaneSink<AacUnit>>();
  const s: SoundSource & { send(): void; subscribed: number; readonly listening: number } = {
    subscribed: 0,
    allowed: () => allowed,
    subscribe: (viewer, _ids, sink) => {
      s.subscribed++;
      sinks.set(viewer, sink);
    },
    unsubscribe: (viewer) => void sinks.delete(viewer),
    send: () => {
      const unit = { meta: { cameraId: 'yard', seq: 1, capturedAt: 0, sampleRate: 48_000, channels: 2, config: '1190' }, frame: Buffer.alloc(10) };
      for (const sink of [...sinks.values()]) sink.write(unit as AacUnit, () => {});
    },
    get listening() {
      return sinks.size;
    },
  };
  return s;
}

const AAC = { codec: 'aac', sampleRate: 48_000, channels: 2, config: '1190' };

describe('SoundProbe', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("learns the track from the camera's first frame, once for readers asking at once, then answers at once", async () => {
    const src = source();
    const probe = new SoundProbe(src);
    const [a, b] = [probe.track('yard'), probe.track('yard')];
    expect(src.subscribed).toBe(1);
    src.send();
    expect(await a).toEqual(AAC);
    expect(await b).toEqual(AAC);
    await Promise.resolve();
    expect(src.listening, 'stops listening once heard').toBe(0);
    expect(await probe.track('yard')).toEqual(AAC);
    expect(src.subscribed).toBe(1);
  });

  it('answers null after the wait, then null at once while it listens on, and the track once the sound comes', async () => {
    const src = source();
    const probe = new SoundProbe(src, { waitMs: 3000, silentForMs: 60_000 });
    const first = probe.track('yard');
    await vi.advanceTimersByTimeAsync(3000);
    expect(await first).toBeNull();
    expect(src.listening, 'listens on through the silent spell').toBe(1);
    // Answered at once: settled before any timer runs.
    let answer: unknown = 'waiting';
    void probe.track('yard').then((t) => (answer = t));
    await Promise.resolve();
    await Promise.resolve();
    expect(answer).toBeNull();
    src.send();
    expect(await probe.track('yard')).toEqual(AAC);
    expect(src.subscribed).toBe(1);
  });

  it('listens on only while someone reads the camera, so a camera nobody reads is asked for no sound (nor its H.264)', async () => {
    const src = source();
    let read = true;
    const probe = new SoundProbe(src, { waitMs: 3000, silentForMs: 60_000, checkEveryMs: 3000 }, () => read);
    const first = probe.track('yard');
    await vi.advanceTimersByTimeAsync(3000);
    expect(await first).toBeNull();
    await vi.advanceTimersByTimeAsync(9000);
    expect(src.listening, 'listens on while the camera is read').toBe(1);
    read = false;
    await vi.advanceTimersByTimeAsync(3000);
    expect(src.listening, 'its last reader left: it stops listening').toBe(0);
    // A reader within the silent minute: answered at once, and the camera listened to again while it reads.
    read = true;
    let answer: unknown = 'waiting';
    void probe.track('yard').then((t) => (answer = t));
    await Promise.resolve();
    await Promise.resolve();
    expect(answer).toBeNull();
    expect(src.listening).toBe(1);
    src.send();
    expect(await probe.track('yard')).toEqual(AAC);
    expect(src.subscribed).toBe(2);
  });

  it('stops listening after the silent spell, and waits again for the next reader', async () => {
    const src = source();
    const probe = new SoundProbe(src, { waitMs: 3000, silentForMs: 60_000 });
    void probe.track('yard');
    await vi.advanceTimersByTimeAsync(63_000);
    expect(src.listening).toBe(0);
    void probe.track('yard');
    expect(src.subscribed).toBe(2);
    probe.close();
    expect(src.listening).toBe(0);
  });

  it('forgets a track whose sound stopped: the next reader waits for it again', async () => {
    const src = source();
    const probe = new SoundProbe(src);
    const first = probe.track('yard');
    src.send();
    expect(await first).toEqual(AAC);
    probe.forget('yard');
    void probe.track('yard');
    expect(src.subscribed).toBe(2);
    probe.close();
  });

  it('answers null without listening when the sound is off, and settles a wait with null at close', async () => {
    const off = source(false);
    expect(await new SoundProbe(off).track('yard')).toBeNull();
    expect(off.subscribed).toBe(0);
    const probe = new SoundProbe(source());
    const waiting = probe.track('yard');
    probe.close();
    expect(await waiting).toBeNull();
  });
});
