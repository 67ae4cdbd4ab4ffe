/** Mp4Muxer: real libx264 units in, the boxes a player reads out; nothing before a keyframe, the end at a new SPS. */
import { describe, expect, it } from 'vitest';
import { mp4Boxes } from '../../../common/codec/fmp4.js';
import { Mp4Muxer, type MuxUnit } from '../../../server/streams/mp4-muxer.js';
import { h264AccessUnits } from '../../helpers/h264.js';

/** The track id, decode time and duration of a fragment. */
const sample = (r: ReturnType<Mp4Muxer['push']>) => {
  const moof = r.kind === 'bytes' ? [...mp4Boxes(r.chunks.at(-1)!)].find(([t]) => t === 'moof')![1] : null;
  const traf = [...mp4Boxes(moof!)].find(([t]) => t === 'traf')![1];
  const get = (type: string) => [...mp4Boxes(traf)].find(([t]) => t === type)![1];
  const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset);
  return { track: view(get('tfhd')).getUint32(4), time: Number(view(get('tfdt')).getBigUint64(4)), duration: view(get('trun')).getUint32(12) };
};
const types = (chunks: Uint8Array[]) => chunks.flatMap((c) => [...mp4Boxes(c)].map(([t]) => t));

describe('Mp4Muxer', () => {
  describe('#push', () => {
    it('waits for a keyframe, then writes the init segment and one moof+mdat per unit, each when the next comes, with rising decode times', async () => {
      const units = await h264AccessUnits(13, 160, 90, 10);
      const unit = (i: number, at: number): MuxUnit => ({ au: units[i]!.au, keyframe: units[i]!.keyframe, width: 160, height: 90, capturedAt: at });
      const muxer = new Mp4Muxer();
      expect(muxer.push(unit(1, 0))).toEqual({ kind: 'wait' });
      const init = muxer.push(unit(10, 1000));
      expect(init.kind === 'bytes' && types(init.chunks)).toEqual(['ftyp', 'moov']);
      const first = muxer.push(unit(11, 1000)); // the same millisecond: its decode time still rises
      expect(first.kind === 'bytes' && types(first.chunks)).toEqual(['moof', 'mdat']);
      const next = muxer.push(unit(12, 1066));
      expect(sample(next).time).toBeGreaterThan(sample(first).time);
      expect(first.kind === 'bytes' && first.picture).toMatchObject({ capturedAt: 1000, endAt: 1000, keyframe: true });
    });

    it('gives each picture the time to the next as its duration, so every decode time is the sum of the durations before it', async () => {
      const units = await h264AccessUnits(62, 160, 90, 20);
      const muxer = new Mp4Muxer();
      // 15 fps as a camera stamps it on a busy network: every seventh picture a quarter second late and those behind it
      // in a burst 2 ms apart, a keyframe stamped 1 ms after the picture before it (two that came together), a repeated ms.
      const at: number[] = [];
      units.forEach((_, i) => at.push(Math.max(1000 + Math.round((i * 1000) / 15) + (i % 7 === 3 ? 250 : 0), (at[i - 1] ?? 0) + 2)));
      at[40] = at[39]! + 1;
      at[50] = at[49]!;
      expect(units[40]!.keyframe).toBe(true);
      const out = at.map((t, i) => muxer.push({ au: units[i]!.au, keyframe: units[i]!.keyframe, width: 160, height: 90, capturedAt: t }));
      const last = muxer.drain();
      const fragments = [...out.flatMap((r) => (r.kind === 'bytes' && r.picture ? [r.picture.fragment] : [])), last!.fragment];
      const samples = fragments.map((f) => sample({ kind: 'bytes', chunks: [f] }));
      expect(samples).toHaveLength(62);
      for (let i = 1; i < samples.length; i++) {
        // On the code before, a late picture's neighbours overlapped it or left a gap: a Media Source's discontinuity.
        expect(samples[i]!.time, `picture ${i}'s decode time`).toBe(samples[i - 1]!.time + samples[i - 1]!.duration);
        expect(samples[i - 1]!.duration).toBeGreaterThan(0);
      }
      expect(samples[2]!.duration, 'before the late one').toBe(Math.round(((at[3]! - at[2]!) * 90_000) / 1000));
      expect(samples[3]!.duration, 'the late one').toBe(Math.round(((at[4]! - at[3]!) * 90_000) / 1000));
      // The last, drained at the end, lasts the camera's usual interval: the mean of the last 15.
      expect(samples.at(-1)!.duration).toBe(Math.round(samples.slice(-16, -1).reduce((n, s) => n + s.duration, 0) / 15));
    });

    it('ends the stream at a keyframe whose SPS differs (a new size needs a new moov)', async () => {
      const [small, big] = await Promise.all([h264AccessUnits(1, 160, 90), h264AccessUnits(1, 320, 180)]);
      const muxer = new Mp4Muxer();
      expect(muxer.push({ au: small[0]!.au, keyframe: true, width: 160, height: 90, capturedAt: 0 }).kind).toBe('bytes');
      expect(muxer.push({ au: big[0]!.au, keyframe: true, width: 320, height: 180, capturedAt: 66 })).toEqual({ kind: 'changed' });
    });
  });
});

describe('Mp4Muxer with sound', () => {
  const AAC = { codec: 'aac', sampleRate: 48_000, channels: 2, config: '1190' } as const;

  it('writes no sound before the first keyframe, then each frame back to back on the picture’s timeline despite jitter', async () => {
    const [key] = await h264AccessUnits(1, 160, 90);
    const muxer = new Mp4Muxer(AAC);
    const frame = new Uint8Array(200);
    expect(muxer.pushSound({ frame, capturedAt: 990 })).toEqual({ kind: 'wait' });
    expect(muxer.push({ au: key!.au, keyframe: true, width: 160, height: 90, capturedAt: 1000 }).kind).toBe('bytes');
    // 1024 samples at 48 kHz: 21.33 ms a frame, arriving 21 or 22 ms apart.
    const times = [1000, 1021, 1043, 1064, 1085].map((at) => sample(muxer.pushSound({ frame, capturedAt: at })));
    expect(times.map((s) => s.track)).toEqual([2, 2, 2, 2, 2]);
    expect(times.map((s) => s.time)).toEqual([0, 1024, 2048, 3072, 4096]);
    expect(times.every((s) => s.duration === 1024)).toBe(true);
  });

  it('starts again at the capture time past the slack (frames lost), never going back, and drops a frame far behind', async () => {
    const [key] = await h264AccessUnits(1, 160, 90);
    const muxer = new Mp4Muxer(AAC);
    muxer.push({ au: key!.au, keyframe: true, width: 160, height: 90, capturedAt: 0 });
    const frame = new Uint8Array(10);
    sample(muxer.pushSound({ frame, capturedAt: 0 }));
    expect(sample(muxer.pushSound({ frame, capturedAt: 500 })).time, 'a 480 ms gap').toBe(24_000);
    expect(sample(muxer.pushSound({ frame, capturedAt: 400 })).time, 'a step back within the slack').toBe(25_024);
    expect(muxer.pushSound({ frame, capturedAt: 0 }), 'a step back past it: dropped').toEqual({ kind: 'wait' });
  });

  it('never lets the sound run ahead of its capture times by more than the slack, however long it plays', async () => {
    const [key] = await h264AccessUnits(1, 160, 90);
    const muxer = new Mp4Muxer(AAC);
    muxer.push({ au: key!.au, keyframe: true, width: 160, height: 90, capturedAt: 0 });
    // A sender whose sample clock runs 1% fast: its frames say 21.12 ms apart where 1024 samples are 21.33 ms.
    let most = 0;
    for (let i = 0; i < 3000; i++) {
      const at = i * 21.12;
      const r = muxer.pushSound({ frame: new Uint8Array(10), capturedAt: at });
      if (r.kind === 'bytes') most = Math.max(most, sample(r).time / 48 - at);
    }
    // Over a minute that is 640 ms of drift; the muxer holds it within the slack (and a frame).
    expect(most).toBeLessThanOrEqual(200 + 22);
  });

  it('carries only the track its init segment says, and nothing without one', () => {
    expect(new Mp4Muxer(AAC).carries(AAC)).toBe(true);
    expect(new Mp4Muxer(AAC).carries({ ...AAC, config: '1210' })).toBe(false);
    expect(new Mp4Muxer().carries(AAC)).toBe(false);
    expect(new Mp4Muxer().pushSound({ frame: new Uint8Array(1), capturedAt: 0 })).toEqual({ kind: 'wait' });
  });
});
