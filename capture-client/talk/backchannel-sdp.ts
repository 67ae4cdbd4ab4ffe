/**
 * Which track of a camera's SDP is its ONVIF audio back channel (ONVIF Streaming Specification §5.3: the one marked
 * `a=sendonly`, asked for with `Require: www.onvif.org/ver20/backchannel`), and whether it takes G.711: the codec
 * nearly every camera's talk-back takes. Pure: no I/O; the SDP was bounded by the framer before it got here.
 */
import type { G711Law } from '../../common/codec/g711.js';

export interface BackchannelTrack {
  law: G711Law;
  payloadType: number;
  clockRate: number;
  /** The track's control URL, absolute. */
  control: string;
}

/** What the camera's SDP said when there is no back channel to use: what to tell the person. */
export interface NoBackchannel {
  why: string;
}

/** Static payload types (RFC 3551): 0 is PCMU, 8 is PCMA, both 8 kHz. */
const STATIC: Record<number, G711Law> = { 0: 'pcmu', 8: 'pcma' };

/** The back channel track of `sdp`, G.711 preferred μ-law first; `base` is the Content-Base (or the request URL). */
export function backchannelTrack(sdp: string, base: string): BackchannelTrack | NoBackchannel {
  const medias = sdp.split(/\r?\n(?=m=)/).filter((m) => m.startsWith('m='));
  const back = medias.filter((m) => /^m=audio /.test(m) && /^a=sendonly\s*$/m.test(m));
  if (back.length === 0) return { why: 'the camera offers no audio back channel on this stream (no audio track marked sendonly)' };
  const offered: string[] = [];
  for (const law of ['pcmu', 'pcma'] as const) {
    for (const media of back) {
      const types = (/^m=audio \d+ \S+ ([\d ]+)/.exec(media)?.[1] ?? '').trim().split(/\s+/).map(Number);
      for (const pt of types) {
        const map = new RegExp(`^a=rtpmap:${pt} ([^/\\s]+)/(\\d+)`, 'm').exec(media);
        const name = map?.[1]?.toUpperCase() ?? (STATIC[pt] ? STATIC[pt]!.toUpperCase() : `payload ${pt}`);
        const rate = map ? Number(map[2]) : 8000;
        if (law === 'pcmu') offered.push(`${name}/${rate}`);
        if (name === law.toUpperCase() && rate === 8000) {
          const control = /^a=control:(\S+)/m.exec(media)?.[1] ?? '';
          return { law, payloadType: pt, clockRate: rate, control: controlUrl(base, control) };
        }
      }
    }
  }
  return { why: `the camera's back channel takes ${offered.join(', ').slice(0, 200)}, not G.711 (PCMU or PCMA at 8 kHz)` };
}

/** A track's control URL resolved against the session's base (RFC 2326 C.1.1). */
function controlUrl(base: string, control: string): string {
  if (/^rtsps?:\/\//i.test(control)) return control;
  if (control === '' || control === '*') return base;
  return base.endsWith('/') ? `${base}${control}` : `${base}/${control}`;
}
