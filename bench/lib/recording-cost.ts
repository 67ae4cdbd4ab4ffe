/**
 * What recording one camera costs: CPU (% of one core) and disk bytes per hour, for each format,
 * on the benchmark's 720p frames (or resized to another height), and for recording by copy of the
 * camera side's H.264 (`h264 copy`: libx264 access units of ffmpeg's test pattern, made before the
 * clock starts, as a capture client would send them). Feeds the video through the recorder's own
 * sink as fast as it takes it, so CPU per second of video is the cost at real time.
 * Linux only for ffmpeg's CPU (read from /proc/self/stat: children's time once they exit).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { avcConfig, lengthPrefixed } from '../../common/codec/avc.js';
import { recorderFfmpeg } from '../../server/recording/ffmpeg-path.js';
import { asBuffer, openSink, type SegmentSink } from '../../server/recording/segment-sink.js';
import { FORMATS } from '../../server/recording/settings.js';
import { h264AccessUnits } from '../../test/helpers/h264.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export interface RecordingCostRow {
  format: string;
  resolution: string;
  fps: number;
  videoSeconds: number;
  wallSeconds: number;
  cpuPercentOfCore: number;
  bytesPerHour: number;
  gbPerDay: number;
}

/** Children's user+system CPU seconds so far (those already waited for). */
function childCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // cutime and cstime are fields 16 and 17 of stat, 14 and 15 after "pid (comm) ".
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Both formats at one height: each feeds `seconds` of `fps` video through the recorder's sink. */
export async function measureRecordingCost(height: number, seconds: number, fps: number): Promise<RecordingCostRow[]> {
  const names = readdirSync(fixtures).filter((n) => n.endsWith('.jpg'));
  const frames = await Promise.all(
    names.map(async (n) => {
      const jpeg = readFileSync(path.join(fixtures, n));
      return height === 720 ? jpeg : sharp(jpeg).resize({ height }).jpeg({ quality: 80 }).toBuffer();
    }),
  );
  const { width = 0 } = await sharp(frames[0]).metadata();
  const count = seconds * fps;
  const aus = await h264AccessUnits(count, width, height, 2 * fps);
  const rows: RecordingCostRow[] = [];
  for (const format of [...FORMATS, 'h264 copy'] as const) {
    const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-reccost-'));
    const file = path.join(dir, `segment.${format === 'jpeg' ? 'mkv' : 'mp4'}`);
    const cpu0 = process.cpuUsage();
    const child0 = childCpu();
    const wall0 = Date.now();
    const options = { ffmpegPath: recorderFfmpeg() };
    let sink: SegmentSink;
    if (format === 'h264 copy') {
      // As the recorder does per access unit: Annex B to length-prefixed, into the copying ffmpeg.
      sink = openSink('h264', file, width, height, options, asBuffer(avcConfig(aus[0]!.au)!));
      for (let i = 0; i < count; i++) if (!sink.write(Math.round((i * 1000) / fps), asBuffer(lengthPrefixed(aus[i]!.au)), aus[i]!.keyframe)) await sink.drain();
    } else {
      sink = openSink(format, file, width, height, options);
      for (let i = 0; i < count; i++) if (!sink.write(Math.round((i * 1000) / fps), frames[i % frames.length]!)) await sink.drain();
    }
    await sink.close();
    if (sink.failure) throw new Error(sink.failure);
    const cpu = process.cpuUsage(cpu0);
    const used = (cpu.user + cpu.system) / 1e6 + (childCpu() - child0);
    const bytes = statSync(file).size;
    rows.push({
      format,
      resolution: `${width}x${height}`,
      fps,
      videoSeconds: seconds,
      wallSeconds: (Date.now() - wall0) / 1000,
      cpuPercentOfCore: Math.round((used / seconds) * 1000) / 10,
      bytesPerHour: Math.round((bytes / seconds) * 3600),
      gbPerDay: Math.round(((bytes / seconds) * 86400) / 1e8) / 10,
    });
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
