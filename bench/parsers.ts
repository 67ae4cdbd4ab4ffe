/**
 * The parsers' own cost, with no sockets (#56 item 7: one parser per format must cost no more than the copies it
 * replaced): the capture side's RTSP framer passing 64 MB of interleaved RTP on (per 64 KiB chunk), the relay's RTSP request parser
 * reading 100,000 pipelined OPTIONS, the MJPEG splitter cutting 64 MB of 640×360 JPEGs, readJpegSize on one of
 * them, and mp4Boxes over a 2 MB fragmented MP4. Only APIs that predate #56 are called, so the same file runs on
 * an older checkout for a before/after (npx tsx bench/parsers.ts). Best of five runs each; prints one JSON object.
 */
import sharp from 'sharp';
import { fragment, mp4Boxes } from '../common/codec/fmp4.js';
import { readJpegSize } from '../common/codec/jpeg.js';
import { JpegSplitter } from '../capture-client/sources/jpeg-splitter.js';
import { RtspFramer } from '../capture-client/sources/rtsp-hop-framer.js';
import { RtspRequestParser } from '../server/streams/rtsp-request.js';

const CHUNK = 64 * 1024;
const RUNS = 5;

/** The best of `RUNS` timings of `run`, in ms. */
function best(run: () => void): number {
  let min = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

const chunks = (stream: Buffer): Buffer[] => Array.from({ length: Math.ceil(stream.length / CHUNK) }, (_, i) => stream.subarray(i * CHUNK, (i + 1) * CHUNK));
const mbPerS = (bytes: number, ms: number) => Math.round(bytes / 1e6 / (ms / 1000));

const rtp = Buffer.concat([Buffer.of(0x24, 0, 1400 >> 8, 1400 & 0xff), Buffer.alloc(1400, 7)]);
const rtpStream = Buffer.concat([Buffer.from('RTSP/1.0 200 OK\r\nCSeq: 4\r\nSession: 1\r\n\r\n'), ...Array<Buffer>(Math.ceil(64e6 / rtp.length)).fill(rtp)]);
const rtpChunks = chunks(rtpStream);
// Ten passes a run: a pass-through costs so little a run of one is mostly the clock's noise.
const framerMs = best(() => {
  for (let pass = 0; pass < 10; pass++) {
    const framer = new RtspFramer('the camera');
    for (const c of rtpChunks) framer.push(c, () => {});
  }
});

const options = Buffer.from('OPTIONS rtsp://127.0.0.1:8554/cam RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: Lavf\r\n\r\n');
const optionChunks = chunks(Buffer.concat(Array<Buffer>(100_000).fill(options)));
let requests = 0;
const requestMs = best(() => {
  const parser = new RtspRequestParser();
  requests = 0;
  for (const c of optionChunks) requests += parser.push(c).length;
});

const jpeg = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#3a6' } })
  .jpeg({ quality: 80 })
  .toBuffer();
const mjpeg = Buffer.concat(Array<Buffer>(Math.ceil(64e6 / jpeg.length)).fill(jpeg));
const mjpegChunks = chunks(mjpeg);
let frames = 0;
const splitterMs = best(() => {
  const splitter = new JpegSplitter();
  frames = 0;
  for (const c of mjpegChunks) splitter.push(c, () => frames++);
});
const sizeCalls = 200_000;
const sizeMs = best(() => {
  for (let i = 0; i < sizeCalls; i++) readJpegSize(jpeg);
});

const mp4 = Buffer.concat(Array.from({ length: 2000 }, (_, i) => fragment(i + 1, i * 3000, 3000, i % 30 === 0, new Uint8Array(1000))));
let boxes = 0;
const boxesMs = best(() => {
  boxes = 0;
  for (const [type, moof] of mp4Boxes(mp4)) if (type === 'moof') for (const [t] of mp4Boxes(moof)) boxes += t === 'traf' ? 1 : 0;
});

console.log(
  JSON.stringify({
    rtspFramerNsPerChunk: Math.round((framerMs * 1e6) / (10 * rtpChunks.length)),
    rtspRequestsPerS: Math.round(requests / (requestMs / 1000)),
    jpegSplitterMBps: mbPerS(mjpeg.length, splitterMs),
    jpegFrames: frames,
    readJpegSizeNs: Math.round((sizeMs * 1e6) / sizeCalls),
    mp4BoxesMBps: mbPerS(mp4.length, boxesMs),
    mp4Fragments: boxes,
  }),
);
