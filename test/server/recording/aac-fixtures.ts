/** Real AAC frames as a capture client sends them: ffmpeg's aac encoder on a sine, ADTS headers removed. */
import { spawn } from 'node:child_process';
import { recorderFfmpeg } from '../../../server/recording/ffmpeg-path.js';

const RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

export interface AacStream {
  frames: Buffer[];
  /** The AudioSpecificConfig, hex, as `AacFrameMeta.config` carries it. */
  config: string;
  sampleRate: number;
  channels: number;
  /** Each frame's length in ms (1024 samples). */
  frameMs: number;
}

/** `seconds` of a 440 Hz tone as raw AAC-LC frames at `sampleRate`, mono. */
export async function aacFrames(seconds: number, sampleRate = 16000): Promise<AacStream> {
  const args = ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${sampleRate}`, '-t', String(seconds)];
  args.push('-ac', '1', '-c:a', 'aac', '-f', 'adts', '-');
  const adts = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn(recorderFfmpeg(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error('ffmpeg made no AAC'))));
  });
  const frames: Buffer[] = [];
  let config = '';
  for (let i = 0; i + 7 <= adts.length;) {
    const headerLength = adts[i + 1]! & 1 ? 7 : 9;
    const length = ((adts[i + 3]! & 3) << 11) | (adts[i + 4]! << 3) | (adts[i + 5]! >> 5);
    const objectType = (adts[i + 2]! >> 6) + 1;
    const rateIndex = (adts[i + 2]! >> 2) & 0xf;
    const channels = ((adts[i + 2]! & 1) << 2) | (adts[i + 3]! >> 6);
    config = ((objectType << 11) | (rateIndex << 7) | (channels << 3)).toString(16).padStart(4, '0');
    if (RATES[rateIndex] !== sampleRate) throw new Error(`ADTS rate index ${rateIndex} is not ${sampleRate} Hz`);
    frames.push(adts.subarray(i + headerLength, i + length));
    i += length;
  }
  return { frames, config, sampleRate, channels: 1, frameMs: (1024 / sampleRate) * 1000 };
}
