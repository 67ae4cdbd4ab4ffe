/**
 * The camera side's CPU to make a camera's G.711 sound AAC (#40's target: ≤ 2% of a core): the copying ffmpeg of
 * an IP camera (GStreamer's RTSP camera, 1280×720 H.264 by copy) with its AAC copied (`main-aac`) and with its G.711
 * made AAC (`main-pcmu`), each measured from /proc/<pid>/stat over the same window once sound flows. The difference
 * is what the encoding costs. Linux only. Prints JSON.
 * Run: npx tsx bench/g711-aac.ts [--seconds 20]
 */
import { parseArgs } from 'node:util';
import { RtspCopy } from '../capture-client/edge/rtsp-copy.js';
import { startRtspCamera, type RtspCameraStream } from '../test/helpers/rtsp-camera.js';
import { processCpuMs } from './lib/child-cpu.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' } } });
const seconds = Number(values.seconds);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const camera = await startRtspCamera({ fps: 15, gop: 15 });

/** % of a core the copying ffmpeg uses over `seconds`, once its sound flows. */
async function cost(stream: RtspCameraStream): Promise<{ percent: number; frames: number; sampleRate: number }> {
  const copy = new RtspCopy({ url: camera.url(stream) });
  let frames = 0;
  let sampleRate = 0;
  copy.onAacFrame((f) => {
    frames++;
    sampleRate = f.sampleRate;
  });
  copy.onError(() => {});
  copy.onAccessUnit(() => {});
  await copy.start();
  const deadline = Date.now() + 30_000;
  while (frames < 20 && Date.now() < deadline) await sleep(100);
  const pid = copy.pid!;
  const [cpu0, t0, f0] = [processCpuMs(pid), Date.now(), frames];
  await sleep(seconds * 1000);
  const [cpu1, t1] = [processCpuMs(pid), Date.now()];
  await copy.stop();
  return { percent: Number((((cpu1 - cpu0) / (t1 - t0)) * 100).toFixed(2)), frames: frames - f0, sampleRate };
}

const copied = await cost('main-aac');
const encoded = await cost('main-pcmu');
camera.stop();
console.log(
  JSON.stringify({ seconds, aacCopied: copied, g711MadeAac: encoded, encodingCostPercent: Number((encoded.percent - copied.percent).toFixed(2)) }, null, 2),
);
