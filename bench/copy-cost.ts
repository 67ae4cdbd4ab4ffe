/**
 * The relay's CPU per H.264 access unit recorded by copy (#29), without the network: the bench's 720p
 * H.264 fixture fed at `--rate` units a second through the ingest's check and the recording manager
 * (recorder, segment writer, a real ffmpeg copying into fMP4), as JSON. process.cpuUsage() counts
 * every thread of this process, so a loaded box changes it far less than a wall-clock window.
 * Run: npx tsx bench/copy-cost.ts [--units 600] [--rate 30] [--dry]; --dry checks the units and records none (the harness's own cost).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { recorderFfmpeg } from '../server/recording/ffmpeg-path.js';
import { RecordingManager } from '../server/recording/recording-manager.js';
import { recordedH264, recordedTracks } from '../server/recording/record-tracks.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../server/recording/settings.js';
import { checkH264 } from '../server/relay/unit-check.js';
import { childrenCpuMs } from './lib/child-cpu.js';
import { h264Fixture } from './lib/h264-fixture.js';

const { values } = parseArgs({
  options: { units: { type: 'string', default: '600' }, rate: { type: 'string', default: '30' }, dry: { type: 'boolean', default: false } },
});
const [units, rate] = [Number(values.units), Number(values.rate)];
const aus = await h264Fixture(15);
const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-copy-cost-'));
const manager = new RecordingManager({
  dataDir,
  // Continuous, motion off: motion decodes JPEGs, which this path never sees.
  config: { ...RECORDING_DEFAULTS, minFreeMb: 0, defaults: { ...CAMERA_DEFAULTS, mode: 'continuous', motion: { ...CAMERA_DEFAULTS.motion, enabled: false } } },
  ffmpeg: () => recorderFfmpeg(),
  silenceMs: 5000,
});
await manager.start();
// The recorder reads H.264 as a track, as in the relay (record-tracks.ts).
const tracks = recordedTracks();
manager.read(tracks);
manager.follow(['cam']);
manager.expectH264('cam');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const send = (seq: number) => {
  const au = aus[seq % aus.length]!;
  const checked = checkH264({ seq, capturedAt: Date.now(), keyframe: au.keyframe, width: 1280, height: 720 }, au.data, seq - 1);
  if (!checked.ok) throw checked.error;
  if (!values.dry || seq < 30) tracks.h264.publish(recordedH264('cam', checked.value.meta, checked.value.au, Date.now()));
};
// A first GOP starts the segment and its ffmpeg outside the measured window.
for (let seq = 0; seq < 30; seq++, await sleep(1000 / rate)) send(seq);
const [cpu0, child0, t0] = [process.cpuUsage(), childrenCpuMs(), performance.now()];
for (let seq = 30; seq < 30 + units; seq++) {
  send(seq);
  await sleep(Math.max(0, t0 + ((seq - 29) * 1000) / rate - performance.now()));
}
const cpu = process.cpuUsage(cpu0);
const [childMs, seconds] = [childrenCpuMs() - child0, (performance.now() - t0) / 1000];
const status = manager.status('cam');
await manager.close();
rmSync(dataDir, { recursive: true, force: true });
const nodeMs = (cpu.user + cpu.system) / 1000;
console.log(
  JSON.stringify({
    units,
    rate,
    seconds: +seconds.toFixed(1),
    bytesPerUnit: Math.round(aus.reduce((a, u) => a + u.data.length, 0) / aus.length),
    nodeMsPerUnit: +(nodeMs / units).toFixed(4),
    nodeUserMsPerUnit: +(cpu.user / 1000 / units).toFixed(4),
    nodeSystemMsPerUnit: +(cpu.system / 1000 / units).toFixed(4),
    ffmpegMsPerUnit: +(childMs / units).toFixed(4),
    kept: status.frames.kept,
    dropped: status.dropped,
  }),
);
process.exit(0);
