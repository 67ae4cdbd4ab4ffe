/** Parsers of ffmpeg's camera listings (`-list_devices true`), which ffmpeg prints on stderr. */

export interface CaptureDevice {
  /** What to pass as the device: the dshow friendly name, the avfoundation name, or the /dev path. */
  name: string;
  /** dshow's stable `@device_...` name, useful when two cameras share a friendly name. */
  alternativeName?: string;
  /** avfoundation's index, which `-i` also accepts. */
  index?: number;
  kind: 'video' | 'audio';
}

/** `[dshow @ 000001f2a8b4e3c0] ` or `[AVFoundation indev @ 0x7f...] `: the log context ffmpeg puts before each line. */
const LOG_PREFIX = /^\[[^\]@]+ @ (?:0x)?[0-9a-fA-F]+\] ?/;

function stripPrefix(line: string): string {
  return line.replace(LOG_PREFIX, '');
}

function lines(stderr: string): string[] {
  return stderr.split(/\r?\n/);
}

/**
 * Reads a dshow listing in either format: ffmpeg ≤ 4 (section headers, then `"Name"` lines) or
 * ffmpeg ≥ 5 (`"Name" (video)` lines). A device with both kinds yields one entry per kind.
 */
export function parseDshowDevices(stderr: string): CaptureDevice[] {
  const devices: CaptureDevice[] = [];
  let section: CaptureDevice['kind'] | null = null;
  let last: CaptureDevice[] = [];
  for (const raw of lines(stderr)) {
    if (!LOG_PREFIX.test(raw)) continue;
    const line = stripPrefix(raw).trim();
    if (/^DirectShow video devices/i.test(line)) section = 'video';
    else if (/^DirectShow audio devices/i.test(line)) section = 'audio';
    const alt = /^Alternative name "(.*)"$/.exec(line);
    if (alt) {
      for (const d of last) d.alternativeName = alt[1]!;
      continue;
    }
    const dev = /^"(.*)"(?:\s+\(([^()"]*)\))?$/.exec(line);
    if (!dev) continue;
    const name = dev[1]!;
    const kinds = dev[2] === undefined ? (section ? [section] : []) : dshowKinds(dev[2]);
    last = kinds.map((kind) => ({ name, kind }));
    devices.push(...last);
  }
  return devices;
}

function dshowKinds(types: string): CaptureDevice['kind'][] {
  const list = types.split(',').map((t) => t.trim());
  const kinds: CaptureDevice['kind'][] = [];
  // `(none)`: ffmpeg could not query the pins (OBS Virtual Camera before it first runs); it is still listed with the cameras.
  if (list.includes('video') || list.includes('none')) kinds.push('video');
  if (list.includes('audio')) kinds.push('audio');
  return kinds;
}

/** Reads an avfoundation listing: `AVFoundation video devices:` then `[0] FaceTime HD Camera`, then the audio section. */
export function parseAvfoundationDevices(stderr: string): CaptureDevice[] {
  const devices: CaptureDevice[] = [];
  let section: CaptureDevice['kind'] | null = null;
  for (const raw of lines(stderr)) {
    if (!LOG_PREFIX.test(raw)) continue;
    const line = stripPrefix(raw).trim();
    if (/^AVFoundation video devices:?$/i.test(line)) section = 'video';
    else if (/^AVFoundation audio devices:?$/i.test(line)) section = 'audio';
    else {
      const dev = /^\[(\d+)\] (.+)$/.exec(line);
      if (dev && section) devices.push({ name: dev[2]!, index: Number(dev[1]), kind: section });
    }
  }
  return devices;
}

/**
 * The /dev/video* capture nodes. `nodeIndex(entry)` is the node's sysfs `index`: a UVC camera
 * has two nodes, index 0 for pictures and 1 for metadata, and only the first can be opened.
 */
export function linuxVideoDevices(devEntries: readonly string[], nodeIndex: (entry: string) => number | null = () => null): CaptureDevice[] {
  return devEntries
    .filter((e) => /^video\d+$/.test(e) && (nodeIndex(e) ?? 0) === 0)
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
    .map((e) => ({ name: `/dev/${e}`, kind: 'video' as const }));
}
