/**
 * A browser's own HLS player (a plain `<video src=…m3u8>`) reloads the playlist as soon as it has fetched every segment
 * listed, without the target duration's wait of RFC 8216 6.3.4; answered the same segments again before it has played,
 * Chromium 156's fails for good with DEMUXER_ERROR_COULD_NOT_PARSE. On a young packager (one or two segments) that is
 * its first reload. So a media element's playlist fetch is answered once the window lists a segment newer than the last
 * it was answered (hls-routes.ts, a bounded wait), as a blocking reload would be; script players (hls.js blocks its
 * reloads itself) and ffmpeg are answered at once. Pure code, no I/O.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { HlsSegmenter } from './hls-segmenter.js';

/**
 * True when the request is a media element's own fetch (Fetch Metadata's `Sec-Fetch-Dest`): Chromium's `<video>` sends
 * `video` (`audio` for an `<audio>`), a script's fetch or XHR `empty`, and ffmpeg or VLC none.
 */
export function fromMediaElement(headers: IncomingHttpHeaders): boolean {
  const dest = headers['sec-fetch-dest'];
  return dest === 'video' || dest === 'audio';
}

type View = Pick<HlsSegmenter, 'segments'>;

const newest = (seg: View) => seg.segments.at(-1)?.n ?? -1;

/** The newest segment each media element (a reader: token or account at an address) was answered, per packager. */
export class ElementReloads {
  /** Per segmenter: a packager started again numbers its segments from 0, and what a reader had of the last one is moot. */
  private readonly answered = new WeakMap<object, Map<string, number>>();

  /** `maxReaders`: readers remembered per packager at most, the longest unanswered forgotten first. */
  constructor(private readonly maxReaders = 1000) {}

  /** The check a reader's fetch waits on: the window lists a segment newer than the last this reader was answered. */
  fresh(seg: HlsSegmenter, reader: string): (s: View) => boolean {
    const had = this.answered.get(seg)?.get(reader) ?? -1;
    return (s) => newest(s) > had;
  }

  /** Notes what this reader is answered now. */
  answer(seg: HlsSegmenter, reader: string): void {
    let readers = this.answered.get(seg);
    if (!readers) this.answered.set(seg, (readers = new Map()));
    readers.delete(reader);
    readers.set(reader, newest(seg));
    // Oldest first (insertion order, refreshed above): past the bound the longest unanswered goes.
    if (readers.size > this.maxReaders) readers.delete(readers.keys().next().value!);
  }
}
