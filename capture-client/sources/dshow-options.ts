/** Reads a camera's capture modes from `ffmpeg -list_options true -f dshow -i video=NAME`, which ffmpeg prints on stderr. */

/** One line of the listing: a format and the sizes and rates it covers (often one size, min = max). */
export interface CameraMode {
  /** `mjpeg` (and `h264` on some cameras) as `vcodec`; raw formats as `pixelFormat`; null when ffmpeg knows neither. */
  vcodec: string | null;
  pixelFormat: string | null;
  minWidth: number;
  minHeight: number;
  minFps: number;
  maxWidth: number;
  maxHeight: number;
  maxFps: number;
}

const LOG_PREFIX = /^\[[^\]@]+ @ (?:0x)?[0-9a-fA-F]+\] ?/;
// ffmpeg 4: `vcodec=mjpeg  min s=1280x720 fps=5 max s=1280x720 fps=30`; ffmpeg 5+ may add `(tv, bt709/..., center)`.
const MODE =
  /^(?:vcodec=(\S+)|pixel_format=(\S+)|unknown compression type 0x[0-9A-Fa-f]+)\s+min s=(\d+)x(\d+) fps=([\d.e+]+)\s+max s=(\d+)x(\d+) fps=([\d.e+]+)/;

/** The video modes of the listing, in ffmpeg's order; the audio section is left out. */
export function parseDshowOptions(stderr: string): CameraMode[] {
  const modes: CameraMode[] = [];
  let video = false;
  for (const raw of stderr.split(/\r?\n/)) {
    if (!LOG_PREFIX.test(raw)) continue;
    const line = raw.replace(LOG_PREFIX, '').trim();
    if (/^DirectShow video device options/i.test(line)) video = true;
    else if (/^DirectShow audio device options/i.test(line)) video = false;
    const m = video ? MODE.exec(line) : null;
    if (!m) continue;
    modes.push({
      vcodec: m[1] ?? null,
      pixelFormat: m[2] ?? null,
      minWidth: Number(m[3]),
      minHeight: Number(m[4]),
      minFps: Number(m[5]),
      maxWidth: Number(m[6]),
      maxHeight: Number(m[7]),
      maxFps: Number(m[8]),
    });
  }
  return modes;
}
