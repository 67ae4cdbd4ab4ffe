/**
 * An IP camera's address as it was typed, checked on the raw string before `new URL()` reads it: the
 * WHATWG parser drops tabs and line breaks and takes `rtsp:/etc/passwd` as a URL with no host, while
 * the raw string is what is kept and sent on (#37: a CR/LF in an rtsp:// address reached the camera as
 * a header of its own). Pure: used by the relay's Admin API, the capture program's flags and cameras.json.
 */

/** Control characters (C0, DEL, C1), invisible formatting (bidi overrides, zero-width) and any whitespace. */
const UNSEEN = /[\p{Cc}\p{Cf}\s]/u;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** What is wrong with `raw` as a camera URL of one of `schemes` (`'rtsp:'`), or null; never echoes the URL. */
export function cameraUrlProblem(raw: string, schemes: readonly string[]): string | null {
  const example = `${schemes[0]}//192.168.1.20${schemes[0]?.startsWith('rtsp') ? ':554/stream1' : '/video.mjpg'}`;
  const unseen = UNSEEN.exec(raw);
  if (unseen) {
    if (/\s/.test(unseen[0]) && !/[\r\n\t\v\f]/.test(unseen[0])) return 'has a space: write a space in the user name or password as %20';
    return 'has a line break, tab or other control character (a pasted address can carry one): type it again';
  }
  const scheme = SCHEME.exec(raw);
  if (!scheme || !schemes.includes(`${scheme[1]!.toLowerCase()}:`)) return `must start with ${schemes.map((s) => `${s}//`).join(' or ')}, e.g. ${example}`;
  // The host as typed: http:///x and http://\\x parse with a host that was never written.
  const authority = raw.slice(scheme[0].length).split(/[/?#\\]/, 1)[0]!;
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (host === '' || host.startsWith(':')) return `names no camera address after ${scheme[0]}: write it as ${example}`;
  try {
    if (new URL(raw).hostname !== '') return null;
  } catch {
    // Said below.
  }
  return `is not a URL: write it as ${example}`;
}
