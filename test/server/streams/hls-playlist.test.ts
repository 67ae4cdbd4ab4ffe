/**
 * hlsPlaylist's Low-Latency HLS tags, on a window made by hand: the server control and part target, the parts of
 * the newest segments and of the one being made, and a preload hint; the segments' lines as a plain player reads them.
 */
import { describe, expect, it } from 'vitest';
import { hlsPlaylist, RenderedPlaylist, type PlaylistInput } from '../../../server/streams/hls-playlist.js';
import type { HlsPart, HlsSegment } from '../../../server/streams/hls-segmenter.js';

const T0 = 1_700_000_000_000;
const part = (id: number, startAt: number, independent = false): HlsPart => ({ id, startAt, durationMs: 300, independent, bytes: Buffer.alloc(1) });
const segment = (n: number, init = 1, disc = 0): HlsSegment => {
  const startAt = T0 + n * 1200;
  const parts = [0, 1, 2, 3].map((i) => part(n * 4 + i, startAt + i * 300, i === 0));
  return { n, init, disc, startAt, durationMs: 1200, bytes: Buffer.alloc(4), parts };
};

function input(over: Partial<PlaylistInput> = {}): PlaylistInput {
  return {
    segments: [segment(0), segment(1), segment(2)],
    targetMs: 1000,
    partTargetMs: 300,
    current: { n: 3, init: 1, disc: 0, startAt: T0 + 3600, parts: [part(12, T0 + 3600, true), part(13, T0 + 3900)] },
    nextPartId: 14,
    ...over,
  };
}

describe('hlsPlaylist', () => {
  it('says the server blocks reloads, the part hold-back of three part targets, and the part target', () => {
    const lines = hlsPlaylist(input(), '?token=t').split('\n');
    expect(lines).toContain('#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.900');
    expect(lines).toContain('#EXT-X-PART-INF:PART-TARGET=0.300');
    expect(lines.indexOf('#EXT-X-PART-INF:PART-TARGET=0.300')).toBeLessThan(lines.findIndex((l) => l.startsWith('#EXT-X-MAP')));
  });

  it('lists the parts of the two newest segments before their EXTINF, with the token, the first INDEPENDENT=YES', () => {
    const text = hlsPlaylist(input(), '?token=t');
    expect(text).not.toContain('hls/part-3.m4s');
    expect(text).toContain(
      [
        '#EXT-X-PROGRAM-DATE-TIME:' + new Date(T0 + 1200).toISOString(),
        '#EXT-X-PART:DURATION=0.300,URI="hls/part-4.m4s?token=t",INDEPENDENT=YES',
        '#EXT-X-PART:DURATION=0.300,URI="hls/part-5.m4s?token=t"',
        '#EXT-X-PART:DURATION=0.300,URI="hls/part-6.m4s?token=t"',
        '#EXT-X-PART:DURATION=0.300,URI="hls/part-7.m4s?token=t"',
        '#EXTINF:1.200,',
        'hls/seg-1.m4s?token=t',
      ].join('\n'),
    );
  });

  it('ends with the parts of the segment being made and a preload hint for the next part, after the last segment', () => {
    const lines = hlsPlaylist(input(), '?token=t').trimEnd().split('\n');
    expect(lines.slice(-5)).toEqual([
      'hls/seg-2.m4s?token=t',
      '#EXT-X-PROGRAM-DATE-TIME:' + new Date(T0 + 3600).toISOString(),
      '#EXT-X-PART:DURATION=0.300,URI="hls/part-12.m4s?token=t",INDEPENDENT=YES',
      '#EXT-X-PART:DURATION=0.300,URI="hls/part-13.m4s?token=t"',
      '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="hls/part-14.m4s?token=t"',
    ]);
  });

  it('keeps every segment a plain player reads: one EXTINF and URI each, in order', () => {
    const text = hlsPlaylist(input(), '');
    expect([...text.matchAll(/^#EXTINF:([\d.]+),\n(hls\/seg-\d+\.m4s)$/gm)].map((m) => m[2])).toEqual(['hls/seg-0.m4s', 'hls/seg-1.m4s', 'hls/seg-2.m4s']);
    // The only lines that are not tags are the segments' URIs.
    expect(text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))).toHaveLength(3);
  });

  it('puts a new init segment behind a discontinuity before the parts of the segment being made', () => {
    const text = hlsPlaylist(input({ current: { n: 3, init: 2, disc: 1, startAt: T0 + 3600, parts: [part(12, T0 + 3600, true)] } }), '');
    expect(text).toMatch(
      /hls\/seg-2\.m4s\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI="hls\/init-2\.mp4"\n#EXT-X-PROGRAM-DATE-TIME:[^\n]+\n#EXT-X-PART:[^\n]+part-12/,
    );
  });

  it('writes no Low-Latency tags without a part target', () => {
    const text = hlsPlaylist({ segments: [segment(0)], targetMs: 1000 }, '');
    expect(text).not.toMatch(/PART|SERVER-CONTROL|PRELOAD/);
  });
});

describe('RenderedPlaylist', () => {
  describe('#bytes', () => {
    it("renders once per version: every reader gets the same Buffer, each query's bytes are hlsPlaylist's text", () => {
      const rendered = new RenderedPlaylist();
      const v1 = { ...input(), version: 1 };
      const first = rendered.bytes(v1, '?token=a');
      expect(rendered.bytes(v1, '?token=a')).toBe(first);
      expect(first.toString('utf8')).toBe(hlsPlaylist(v1, '?token=a'));
      // Another reader's token: its own bytes, from the same render.
      expect(rendered.bytes(v1, '?token=b%2F').toString('utf8')).toBe(hlsPlaylist(v1, '?token=b%2F'));
      expect(rendered.bytes(v1, '').toString('utf8')).toBe(hlsPlaylist(v1, ''));
      expect(rendered.renders).toBe(1);
      const v2 = { ...input({ nextPartId: 15 }), version: 2 };
      const next = rendered.bytes(v2, '?token=a');
      expect(next).not.toBe(first);
      expect(next.toString('utf8')).toBe(hlsPlaylist(v2, '?token=a'));
      expect(rendered.renders).toBe(2);
    });

    it('keeps the bytes of the last maxQueries queries: an older one is made again, from the same render', () => {
      const rendered = new RenderedPlaylist(2);
      const v = { ...input(), version: 7 };
      const a = rendered.bytes(v, '?token=a');
      rendered.bytes(v, '?token=b');
      rendered.bytes(v, '?token=c');
      const again = rendered.bytes(v, '?token=a');
      expect(again).not.toBe(a);
      expect(again.equals(a)).toBe(true);
      expect(rendered.renders).toBe(1);
    });
  });
});
