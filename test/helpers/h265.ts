/** Real H.265 access units as an IP camera's main stream copied by the capture side sends them (libx265, Annex B). */
import { spawn } from 'node:child_process';
import { recorderFfmpeg } from '../../server/recording/ffmpeg-path.js';
import { HEVC_NAL, isKeyNal, nalTypeOf, nalUnits } from '../../common/codec/annexb.js';

const START = Buffer.from([0, 0, 0, 1]);

/** libx265's test pattern split into access units: a new one at each VPS or slice after a slice (no B-frames). */
export async function hevcAccessUnits(frames = 60): Promise<Array<{ au: Buffer; keyframe: boolean }>> {
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=15', '-frames:v', String(frames)];
  args.push('-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'keyint=30:bframes=0:repeat-headers=1:log-level=error', '-f', 'hevc', '-');
  const out = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn(recorderFfmpeg(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error('ffmpeg made no H.265'))));
  });
  const units: Array<{ au: Buffer; keyframe: boolean }> = [];
  let parts: Uint8Array[] = [];
  let sliced = false;
  const flush = () => {
    if (parts.length > 0)
      units.push({ au: Buffer.concat(parts.flatMap((p) => [START, p])), keyframe: parts.some((p) => isKeyNal(nalTypeOf(p, 'h265'), 'h265')) });
    parts = [];
    sliced = false;
  };
  for (const nal of nalUnits(out, Infinity)) {
    const t = nalTypeOf(nal, 'h265');
    // Types under the VPS's (0-31) are slices: a unit starts at a slice, VPS or delimiter after a slice.
    if (sliced && (t <= HEVC_NAL.VPS || t === HEVC_NAL.AUD)) flush();
    parts.push(nal);
    if (t < HEVC_NAL.VPS) sliced = true;
  }
  flush();
  return units;
}
