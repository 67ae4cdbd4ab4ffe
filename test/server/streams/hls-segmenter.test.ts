/**
 * HlsSegmenter and the playlist it makes, with real libx264 units (no network): segments start at
 * keyframes and last the target or a GOP, the window and the byte cap hold however the units pile up,
 * and a new picture format or a pause in the camera makes a new init segment behind a discontinuity.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mp4Boxes } from '../../../common/codec/fmp4.js';
import type { AudioTrack } from '../../../common/codec/rtp-audio.js';
import { hlsPlaylist } from '../../../server/streams/hls-playlist.js';
import { HlsSegmenter, type HlsSegment } from '../../../server/streams/hls-segmenter.js';
import { h264AccessUnits, type AccessUnit } from '../../helpers/h264.js';

let units: AccessUnit[];
let small: AccessUnit[];
const T0 = 1_700_000_000_000;
const FRAME_MS = 1000 / 15;

/** Feeds `list` at 15 fps from `start`, `size` its picture size; returns the time after the last. */
function feed(seg: HlsSegmenter, list: AccessUnit[], start = T0, size: [number, number] = [320, 180], each?: () => void): number {
  list.forEach((u, i) => {
    seg.push({ au: u.au, keyframe: u.keyframe, width: size[0], height: size[1], capturedAt: Math.round(start + i * FRAME_MS) });
    each?.();
  });
  return Math.round(start + list.length * FRAME_MS);
}

/** The sample flags of a segment's first fragment: 0x02000000 marks a sync sample (fmp4.ts). */
function firstIsKeyframe(s: HlsSegment): boolean {
  const [type, moof] = mp4Boxes(s.bytes).next().value!;
  expect(type).toBe('moof');
  const traf = [...mp4Boxes(moof)].find(([t]) => t === 'traf')![1];
  const trun = [...mp4Boxes(traf)].find(([t]) => t === 'trun')![1];
  return new DataView(trun.buffer, trun.byteOffset).getUint32(20) === 0x02000000;
}

const playlist = (seg: HlsSegmenter, q = '') => hlsPlaylist(seg, q);

beforeAll(async () => {
  // A keyframe every 15 units: one GOP a second at 15 fps.
  [units, small] = await Promise.all([h264AccessUnits(150, 320, 180, 15), h264AccessUnits(30, 160, 90, 15)]);
}, 60_000);

describe('HlsSegmenter', () => {
  describe('#push', () => {
    it('starts every segment at a keyframe and ends it at the first keyframe 2 s on, numbered one after another', () => {
      const seg = new HlsSegmenter({ windowSegments: 10 });
      feed(seg, units);
      expect(seg.segments.map((s) => s.n)).toEqual([0, 1, 2, 3]);
      for (const s of seg.segments) {
        expect(firstIsKeyframe(s)).toBe(true);
        expect(s.durationMs).toBeGreaterThanOrEqual(1990);
        expect(s.durationMs).toBeLessThanOrEqual(2010);
      }
    });

    it('cuts at a keyframe that comes a little before the target, not a GOP later', () => {
      const seg = new HlsSegmenter();
      // A keyframe every 30 units, each GOP 20 ms short of 2 s: the camera's clock against the capture PC's.
      const at = (i: number) => T0 + Math.round(i * FRAME_MS) - Math.floor(i / 30) * 20;
      units.slice(0, 120).forEach((u, i) => seg.push({ au: u.au, keyframe: i % 30 === 0, width: 320, height: 180, capturedAt: at(i) }));
      expect(seg.segments.map((s) => Math.round(s.durationMs / 100))).toEqual([20, 20, 20]);
    });

    it('makes one segment per GOP when the GOP is longer than the target', () => {
      const seg = new HlsSegmenter({ targetMs: 500, windowSegments: 20 });
      feed(seg, units);
      expect(seg.segments).toHaveLength(9);
      for (const s of seg.segments) expect(Math.round(s.durationMs / 100)).toBe(10);
    });

    it('keeps a window of the newest segments only', () => {
      const seg = new HlsSegmenter({ targetMs: 500, windowSegments: 6 });
      feed(seg, units);
      expect(seg.segments.map((s) => s.n)).toEqual([3, 4, 5, 6, 7, 8]);
      expect(seg.segment(2)).toBeUndefined();
      expect(playlist(seg)).toContain('#EXT-X-MEDIA-SEQUENCE:3\n');
    });

    it('holds at most its byte cap however large the units, dropping the oldest segments first', () => {
      // Each unit padded with a 40 kB filler NAL (type 12): a GOP of 600 kB, a cap of 1.5 MB.
      const filler = Buffer.concat([Buffer.from([0, 0, 0, 1, 0x0c]), Buffer.alloc(40_000, 0xff), Buffer.from([0x80])]);
      const big = units.map((u) => ({ ...u, au: Buffer.concat([u.au, filler]) }));
      const cap = 1_500_000;
      const seg = new HlsSegmenter({ targetMs: 500, capBytes: cap });
      let most = 0;
      feed(seg, [...big, ...big], T0, [320, 180], () => (most = Math.max(most, seg.bytes)));
      expect(most).toBeLessThanOrEqual(cap);
      expect(seg.made).toBe(19);
      // Two GOPs and the one being made fit; the window would take six.
      expect(seg.segments.length).toBeLessThanOrEqual(2);
      expect(seg.segments.at(-1)!.n).toBe(18);
    });

    it('drops a GOP larger than the whole cap and starts again at the next keyframe behind a discontinuity', () => {
      const filler = Buffer.concat([Buffer.from([0, 0, 0, 1, 0x0c]), Buffer.alloc(40_000, 0xff), Buffer.from([0x80])]);
      const seg = new HlsSegmenter({ targetMs: 500, capBytes: 400_000 });
      let at = feed(seg, units.slice(0, 45));
      at = feed(
        seg,
        units.slice(45, 60).map((u) => ({ ...u, au: Buffer.concat([u.au, filler]) })),
        at,
      );
      feed(seg, units.slice(60, 120), at);
      expect(seg.oversize).toBe(1);
      expect(seg.bytes).toBeLessThanOrEqual(400_000);
      const text = playlist(seg);
      // The older segments went to make room for the oversize GOP: the window holds the new timeline only.
      expect(text).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:1\n');
      // Media sequence numbers stay one after another: the dropped GOP's number went to the next segment.
      const ns = [...text.matchAll(/seg-(\d+)\.m4s/g)].map((m) => Number(m[1]));
      expect(ns).toEqual(ns.map((_, i) => ns[0]! + i));
    });

    it('starts a new init segment behind a discontinuity when the picture size changes', () => {
      const seg = new HlsSegmenter({ targetMs: 500 });
      const at = feed(seg, units.slice(0, 45));
      feed(seg, small, at, [160, 90]);
      const text = playlist(seg, '?token=abc');
      const maps = [...text.matchAll(/#EXT-X-MAP:URI="hls\/init-(\d+)\.mp4\?token=abc"/g)].map((m) => Number(m[1]));
      expect(maps).toEqual([1, 2]);
      expect(text.indexOf('#EXT-X-DISCONTINUITY\n')).toBeLessThan(text.lastIndexOf('#EXT-X-MAP'));
      expect(seg.init(1)!.subarray(4, 8).toString()).toBe('ftyp');
    });

    it('starts a new timeline after a pause in the units, without a segment spanning it', () => {
      const seg = new HlsSegmenter({ targetMs: 500 });
      const at = feed(seg, units.slice(0, 45));
      feed(seg, units.slice(45, 90), at + 60_000);
      expect(Math.max(...seg.segments.map((s) => s.durationMs))).toBeLessThan(1500);
      expect(playlist(seg)).toContain('#EXT-X-DISCONTINUITY\n');
    });
  });

  describe('#version', () => {
    it('moves whenever the playlist would read otherwise: a rendered one is kept only while it stands', () => {
      const filler = Buffer.concat([Buffer.from([0, 0, 0, 1, 0x0c]), Buffer.alloc(40_000, 0xff), Buffer.from([0x80])]);
      const seg = new HlsSegmenter({ targetMs: 500, windowSegments: 3, capBytes: 400_000 });
      let [version, text, moves] = [seg.version, playlist(seg, '?token=t'), 0];
      const look = () => {
        const now = playlist(seg, '?token=t');
        if (seg.version === version) expect(now).toBe(text);
        else moves++;
        [version, text] = [seg.version, now];
      };
      // Parts and segments, the window's drops, a new picture size, a pause, and a GOP over the byte cap.
      let at = feed(seg, units.slice(0, 60), T0, [320, 180], look);
      at = feed(seg, small, at, [160, 90], look);
      at = feed(seg, units.slice(60, 90), at + 60_000, [320, 180], look);
      at = feed(
        seg,
        units.slice(90, 105).map((u) => ({ ...u, au: Buffer.concat([u.au, filler]) })),
        at,
        [320, 180],
        look,
      );
      feed(seg, units.slice(105, 150), at, [320, 180], look);
      expect(seg.oversize).toBe(1);
      expect(moves).toBeGreaterThan(seg.partsMade);
    });
  });
});

describe('HlsSegmenter with sound', () => {
  const AAC: AudioTrack = { codec: 'aac', sampleRate: 48_000, channels: 2, config: '1190' };
  const traks = (init: Buffer | undefined) => [...mp4Boxes([...mp4Boxes(init!)][1]![1])].filter(([t]) => t === 'trak').length;
  /** The track ids of a segment's fragments, in order. */
  const tracks = (bytes: Buffer) =>
    [...mp4Boxes(bytes)]
      .filter(([t]) => t === 'moof')
      .map(([, moof]) => {
        const traf = [...mp4Boxes(moof)].find(([t]) => t === 'traf')![1];
        const tfhd = [...mp4Boxes(traf)].find(([t]) => t === 'tfhd')![1];
        return new DataView(tfhd.buffer, tfhd.byteOffset).getUint32(4);
      });
  /** Pictures at 15 fps and a sound frame every 1024 samples of 48 kHz, in the order they come. */
  function feedBoth(seg: HlsSegmenter, list: AccessUnit[], start = T0, track = AAC): void {
    let sound = start;
    list.forEach((u, i) => {
      const at = Math.round(start + i * FRAME_MS);
      for (; sound <= at; sound += 1024 / 48) seg.pushSound({ frame: new Uint8Array(100), capturedAt: Math.round(sound) }, track);
      seg.push({ au: u.au, keyframe: u.keyframe, width: 320, height: 180, capturedAt: at });
    });
  }

  it('carries the sound as track 2 inside the parts, its init segment two tracks', () => {
    const seg = new HlsSegmenter({ windowSegments: 10 });
    seg.withSound(AAC, T0);
    feedBoth(seg, units.slice(0, 90));
    expect(traks(seg.init(1))).toBe(2);
    const s = seg.segments[0]!;
    const ids = tracks(s.bytes);
    expect(ids[0], 'a segment starts with its keyframe').toBe(1);
    // 2 s: 30 pictures and about 94 sound frames.
    expect(ids.filter((t) => t === 1)).toHaveLength(30);
    expect(ids.filter((t) => t === 2).length).toBeGreaterThan(85);
    expect(s.parts.reduce((n, p) => n + p.bytes.length, 0)).toBe(s.bytes.length);
  });

  /** Each fragment of `bytes` as its track and decode time in ms (the picture's timescale is 90 kHz, the sound's 48 kHz). */
  const times = (bytes: Buffer) =>
    [...mp4Boxes(bytes)]
      .filter(([t]) => t === 'moof')
      .map(([, moof]) => {
        const traf = [...mp4Boxes(moof)].find(([t]) => t === 'traf')![1];
        const box = (name: string) => [...mp4Boxes(traf)].find(([t]) => t === name)![1];
        const track = new DataView(box('tfhd').buffer, box('tfhd').byteOffset).getUint32(4);
        const tfdt = box('tfdt');
        const time = Number(new DataView(tfdt.buffer, tfdt.byteOffset).getBigUint64(4));
        return { track, ms: track === 1 ? time / 90 : time / 48 };
      });

  it('puts sound that runs ahead of the picture in the part of its time, so a player joining at any part has sound from its first picture', () => {
    const seg = new HlsSegmenter({ windowSegments: 10 });
    seg.withSound(AAC, T0);
    // The sound comes 250 ms ahead of the picture of the same moment (two capture pipelines, as a relay-run camera's).
    let sound = T0;
    units.forEach((u, i) => {
      const at = Math.round(T0 + i * FRAME_MS);
      for (; sound <= at + 250; sound += 1024 / 48) seg.pushSound({ frame: new Uint8Array(100), capturedAt: Math.round(sound) }, AAC);
      seg.push({ au: u.au, keyframe: u.keyframe, width: 320, height: 180, capturedAt: at });
    });
    const parts = seg.segments.slice(1).flatMap((s) => s.parts);
    expect(parts.length).toBeGreaterThan(10);
    for (const part of parts) {
      const fragments = times(part.bytes);
      const picture = fragments.find((f) => f.track === 1)!.ms;
      const earliestSound = Math.min(...fragments.filter((f) => f.track === 2).map((f) => f.ms));
      // Sound from the part's first picture on (within one sound frame, 21 ms): none of it left in the part before.
      expect(earliestSound, `part ${part.id}`).toBeLessThanOrEqual(picture + 22);
    }
  });

  /** Each fragment of `bytes` as its track, decode time and duration, in its track's timescale. */
  const samples = (bytes: Buffer) =>
    [...mp4Boxes(bytes)]
      .filter(([t]) => t === 'moof')
      .map(([, moof]) => {
        const traf = [...mp4Boxes(moof)].find(([t]) => t === 'traf')![1];
        const view = (name: string) => ((b) => new DataView(b.buffer, b.byteOffset))([...mp4Boxes(traf)].find(([t]) => t === name)![1]);
        return { track: view('tfhd').getUint32(4), time: Number(view('tfdt').getBigUint64(4)), duration: view('trun').getUint32(12) };
      });

  it("starts every fragment of a window where the track's durations before it end, and each part where the parts before it do, when pictures come late", () => {
    const seg = new HlsSegmenter({ windowSegments: 10 });
    seg.withSound(AAC, T0);
    // Every seventh picture a quarter second late, those behind it in a burst 2 ms apart (busy Wi-Fi, a loaded PC).
    let sound = T0;
    let last = 0;
    units.forEach((u, i) => {
      const at = (last = Math.max(Math.round(T0 + i * FRAME_MS) + (i % 7 === 3 ? 250 : 0), last + 2));
      for (; sound <= at; sound += 1024 / 48) seg.pushSound({ frame: new Uint8Array(100), capturedAt: Math.round(sound) }, AAC);
      seg.push({ au: u.au, keyframe: u.keyframe, width: 320, height: 180, capturedAt: at });
    });
    expect(seg.segments.length).toBeGreaterThanOrEqual(4);
    const all = samples(Buffer.concat(seg.segments.map((s) => s.bytes)));
    for (const track of [1, 2]) {
      const list = all.filter((f) => f.track === track);
      // On the code before, most segments had a picture whose decode time was not where the one before it ended.
      for (let i = 1; i < list.length; i++) expect(list[i]!.time, `track ${track}, fragment ${i}`).toBe(list[i - 1]!.time + list[i - 1]!.duration);
    }
    // The playlist's durations add up as the pictures do (to the ms): a part starts where the parts listed before it end.
    const parts = seg.segments.flatMap((s) => s.parts);
    const start = samples(parts[0]!.bytes)[0]!.time;
    let listed = 0;
    for (const part of parts) {
      expect(Math.abs(samples(part.bytes).find((f) => f.track === 1)!.time - start - listed * 90), `part ${part.id}`).toBeLessThanOrEqual(90);
      listed += part.durationMs;
    }
  });

  it('starts a new init segment with the sound when it comes after the picture, and without it once it stops', () => {
    const seg = new HlsSegmenter({ targetMs: 500, windowSegments: 20 });
    feed(seg, units.slice(0, 30));
    expect(traks(seg.init(1))).toBe(1);
    feedBoth(seg, units.slice(30, 75), T0 + 2000);
    const withSound = seg.segments.at(-1)!.init;
    expect(traks(seg.init(withSound))).toBe(2);
    // The sound stopped (turned off): after 3 s without a frame, the next keyframe starts a picture-only init.
    feed(seg, units.slice(75, 150), T0 + 5000);
    const last = seg.segments.at(-1)!;
    expect(last.init).toBeGreaterThan(withSound);
    expect(traks(seg.init(last.init))).toBe(1);
    expect(playlist(seg).match(/#EXT-X-DISCONTINUITY\n/g)!.length).toBeGreaterThanOrEqual(2);
  });

  it('starts a new init segment when the sound changes codec or config', () => {
    const seg = new HlsSegmenter({ targetMs: 500, windowSegments: 20 });
    seg.withSound(AAC, T0);
    feedBoth(seg, units.slice(0, 45));
    feedBoth(seg, units.slice(45, 90), T0 + 3000, { ...AAC, sampleRate: 16_000, config: '1408' });
    const inits = [...new Set(seg.segments.map((s) => s.init))];
    expect(inits.length).toBe(2);
    const mdhd = (init: Buffer) => {
      const trak = [...mp4Boxes([...mp4Boxes(init)][1]![1])].filter(([t]) => t === 'trak')[1]![1];
      const mdia = [...mp4Boxes(trak)].find(([t]) => t === 'mdia')![1];
      const box = [...mp4Boxes(mdia)].find(([t]) => t === 'mdhd')![1];
      return new DataView(box.buffer, box.byteOffset).getUint32(12);
    };
    expect(inits.map((id) => mdhd(seg.init(id)!))).toEqual([48_000, 16_000]);
  });
});

describe('hlsPlaylist', () => {
  it('writes a version 7 live playlist: the target duration, the init map, a capture time and a duration per segment', () => {
    const seg = new HlsSegmenter();
    feed(seg, units);
    const text = playlist(seg, '?token=t');
    expect(text.split('\n').slice(0, 9)).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXT-X-DISCONTINUITY-SEQUENCE:0',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.900',
      '#EXT-X-PART-INF:PART-TARGET=0.300',
      '#EXT-X-MAP:URI="hls/init-1.mp4?token=t"',
    ]);
    expect(text).toContain(`#EXT-X-PROGRAM-DATE-TIME:${new Date(T0).toISOString()}\n#EXTINF:2.000,\nhls/seg-0.m4s?token=t\n`);
    expect(text).not.toContain('#EXT-X-ENDLIST');
  });
});
