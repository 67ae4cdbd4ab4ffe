import { describe, expect, it } from 'vitest';
import type { AacFrameMeta } from '../../../shared/demand.js';
import { AUDIO_WAITING_MAX, AUDIO_WINDOW } from '../../../shared/live-audio.js';
import type { AacUnit } from '../../../server/tracks/audio-lane.js';
import { SoundTrack } from '../../../server/relay/sound-track.js';
import type { TrackReader } from '../../../server/tracks/track.js';

const meta = (seq: number): AacFrameMeta => ({ seq, capturedAt: 1000 + seq * 21, sampleRate: 48_000, channels: 2, config: '1190' });
const frame = Buffer.from([0x21, 0x10, 0x04]);

/** A viewer that watches `ids` and acks at once: `got` holds each unit written. */
function viewer(ids: string[]) {
  const v: TrackReader & { paused: boolean } = { wants: (id) => ids.includes(id), paused: false };
  const got: AacUnit[] = [];
  return { v, got, sink: { write: (u: AacUnit, done: () => void) => (got.push(u), done()) } };
}

function track() {
  const heard: Array<[string, boolean]> = [];
  const t = new SoundTrack((id, on) => heard.push([id, on]));
  return { t, heard };
}

describe('SoundTrack', () => {
  it("takes no camera's sound until a policy says so, then only the cameras it names", () => {
    const { t } = track();
    expect(t.allowed('door')).toBe(false);
    t.setPolicy((id) => id === 'door');
    expect([t.allowed('door'), t.allowed('yard')]).toEqual([true, false]);
  });

  it('hands each frame to the viewers listening to its camera, the same meta object to each, and to no other', () => {
    const { t } = track();
    const a = viewer(['door', 'yard']);
    const b = viewer(['door']);
    const c = viewer(['door']);
    t.subscribe(a.v, ['door'], a.sink);
    t.subscribe(b.v, ['door'], b.sink);
    t.subscribe(c.v, [], c.sink);
    t.publishFrame('door', meta(1), frame);
    t.publishFrame('yard', meta(1), frame);
    expect(a.got.map((u) => [u.meta.cameraId, u.meta.seq])).toEqual([['door', 1]]);
    expect(b.got).toHaveLength(1);
    expect(b.got[0]!.meta).toBe(a.got[0]!.meta);
    expect(b.got[0]!.frame).toBe(frame);
    expect(c.got).toEqual([]);
  });

  it('never lets a viewer listen to a camera it does not watch or may not see', () => {
    const { t, heard } = track();
    const a = viewer(['door']);
    t.subscribe(a.v, ['vault'], a.sink);
    t.publishFrame('vault', meta(1), frame);
    expect(a.got).toEqual([]);
    expect(heard).toEqual([]);
  });

  it('tells the demand when the first viewer starts listening to a camera and when the last one stops', () => {
    const { t, heard } = track();
    const a = viewer(['door']);
    const b = viewer(['door']);
    t.subscribe(a.v, ['door'], a.sink);
    t.subscribe(b.v, ['door'], b.sink);
    expect(heard).toEqual([['door', true]]);
    t.subscribe(a.v, [], a.sink);
    expect(t.isRead('door')).toBe(true);
    t.unsubscribe(b.v);
    expect(heard).toEqual([
      ['door', true],
      ['door', false],
    ]);
    expect(t.isRead('door')).toBe(false);
  });

  it('sends a paused viewer nothing and starts it again on its return', () => {
    const { t } = track();
    const a = viewer(['door']);
    t.subscribe(a.v, ['door'], a.sink);
    a.v.paused = true;
    t.pause(a.v, true);
    t.publishFrame('door', meta(1), frame);
    a.v.paused = false;
    t.pause(a.v, false);
    t.publishFrame('door', meta(2), frame);
    expect(a.got.map((u) => u.meta.seq)).toEqual([2]);
  });

  it('holds a bounded number of frames for a viewer that never acks, however long the camera talks', () => {
    const { t } = track();
    const frozen: TrackReader = { wants: () => true, paused: false };
    t.subscribe(frozen, ['door'], { write: () => {} });
    for (let seq = 1; seq <= 10_000; seq++) t.publishFrame('door', meta(seq), frame);
    expect(t.held).toBeLessThanOrEqual(AUDIO_WINDOW + AUDIO_WAITING_MAX);
  });
});
