/**
 * The live media playlist of one camera's segment window: RFC 8216 version 7 for fMP4 segments, with the
 * Low-Latency HLS tags of RFC 8216bis on top (parts of the newest segments and of the one being made, blocking
 * reload, a preload hint). Players that know no LL-HLS (ffmpeg, older Safari) skip those tags and read the
 * segments as before. Players resolve the URIs against the playlist's URL and do not carry its query on by
 * themselves (hls.js, ffmpeg), so `query` (the reader's `?token=`) is written into every URI. Pure code, no I/O.
 */
import type { HlsPart, HlsSegment } from './hls-segmenter.js';

/** Where the segments are, relative to `stream.m3u8`. */
export const HLS_DIR = 'hls';
export const segmentUri = (n: number) => `${HLS_DIR}/seg-${n}.m4s`;
export const initUri = (id: number) => `${HLS_DIR}/init-${id}.mp4`;
export const partUri = (id: number) => `${HLS_DIR}/part-${id}.m4s`;

/** Finished segments whose parts are listed: RFC 8216bis 4.4.4.9 wants those of the last three target durations at least. */
const PARTS_OF_LAST = 2;

export interface PlaylistInput {
  segments: readonly HlsSegment[];
  targetMs: number;
  /** Low-Latency HLS: the part target and the segment being made; without them, a plain playlist. */
  partTargetMs?: number;
  current?: { n: number; init: number; disc: number; startAt: number; parts: readonly HlsPart[] } | null;
  nextPartId?: number;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** The playlist's `EXT-X-TARGETDURATION` in seconds for these segments. */
export function targetSeconds(segments: readonly Pick<HlsSegment, 'durationMs'>[], targetMs: number): number {
  // EXTINF rounded to the nearest second must not pass it (RFC 8216 4.3.3.1); a GOP longer than the target makes it longer.
  return Math.max(1, Math.round(targetMs / 1000), ...segments.map((s) => Math.round(s.durationMs / 1000)));
}

/** The playlist text; `query` is '' or `?token=…` (already encoded). */
export function hlsPlaylist({ segments, targetMs, partTargetMs, current, nextPartId }: PlaylistInput, query: string): string {
  const target = targetSeconds(segments, targetMs);
  const low = partTargetMs !== undefined;
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${target}`,
    `#EXT-X-MEDIA-SEQUENCE:${segments[0]?.n ?? current?.n ?? 0}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${segments[0]?.disc ?? current?.disc ?? 0}`,
    // Each segment starts at a keyframe with its SPS and PPS.
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  if (low) {
    // Three part targets behind the live edge: RFC 8216bis asks at least two, Apple's authoring spec three.
    lines.push(
      `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=${seconds(3 * partTargetMs)}`,
      `#EXT-X-PART-INF:PART-TARGET=${seconds(partTargetMs)}`,
    );
  }
  const partLine = (p: HlsPart) => `#EXT-X-PART:DURATION=${seconds(p.durationMs)},URI="${partUri(p.id)}${query}"${p.independent ? ',INDEPENDENT=YES' : ''}`;
  let prev: { init: number; disc: number } | undefined;
  const head = (s: { init: number; disc: number; startAt: number }) => {
    if (s.init !== prev?.init) {
      if (prev && s.disc !== prev.disc) lines.push('#EXT-X-DISCONTINUITY');
      lines.push(`#EXT-X-MAP:URI="${initUri(s.init)}${query}"`);
    }
    prev = s;
    // The capture time: a player (and a person) can tell how late the picture is.
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(s.startAt).toISOString()}`);
  };
  segments.forEach((s, i) => {
    head(s);
    if (low && i >= segments.length - PARTS_OF_LAST) lines.push(...s.parts.map(partLine));
    lines.push(`#EXTINF:${seconds(s.durationMs)},`, `${segmentUri(s.n)}${query}`);
  });
  if (low && current && current.parts.length > 0) {
    head(current);
    lines.push(...current.parts.map(partLine));
  }
  // hls.js loops on a playlist of parts without one (MediaMTX's note); its fetch waits for the part (hls-routes.ts).
  if (low && nextPartId !== undefined && (current || segments.length > 0)) lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${partUri(nextPartId)}${query}"`);
  return lines.join('\n') + '\n';
}

/** What a playlist is rendered from, and a number that moves whenever any of it does (HlsSegmenter#version). */
export type VersionedInput = PlaylistInput & { readonly version: number };

/** Stands for the reader's query while rendering: no line of the playlist can hold a NUL otherwise. */
const QUERY = '\0';

/**
 * One camera's playlist, rendered once per change: every reader woken by a new part gets the bytes made for the first
 * one with its query (#41: rendered per blocking reload, an LL-HLS reader cost 0.64–0.78% of a core). A reader with
 * another token costs a join of the rendered pieces, not a render; the last `maxQueries` queries' bytes are kept.
 */
export class RenderedPlaylist {
  private version = NaN;
  private pieces: string[] = [];
  private readonly byQuery = new Map<string, Buffer>();
  /** Renders made: one per version asked for. */
  renders = 0;

  constructor(private readonly maxQueries = 32) {}

  /** The playlist's bytes for `query` ('' or `?token=…`, already encoded): the same Buffer for every reader while `input.version` stands. */
  bytes(input: VersionedInput, query: string): Buffer {
    if (input.version !== this.version) {
      this.version = input.version;
      this.pieces = hlsPlaylist(input, QUERY).split(QUERY);
      this.byQuery.clear();
      this.renders++;
    }
    let out = this.byQuery.get(query);
    if (!out) {
      // Oldest first: a reader of a token not seen lately is the one whose bytes go.
      if (this.byQuery.size >= this.maxQueries) this.byQuery.delete(this.byQuery.keys().next().value!);
      // As bytes: Express would add a charset to a string, which the playlist's type does not take (RFC 8216 4: UTF-8 always).
      out = Buffer.from(this.pieces.join(query), 'utf8');
      this.byQuery.set(query, out);
    }
    return out;
  }
}
