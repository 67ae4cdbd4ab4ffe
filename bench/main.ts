/**
 * `npm run bench [-- --quick] [-- --only=<scenario prefix>]`: camrelay against raw-ws and
 * naive-socketio, same frames, same receivers, same run. Prints a markdown table and writes
 * bench/results/latest.json. `--only` runs the matching rows alone (no browser, no cluster);
 * `--only=capture` the camera side's rows (the one-file program, the browser camera), `--only=recording`
 * recording's (live viewing with and without it, its CPU and disk); `--only=camera-side` #28's rows of the
 * camera side's path beside today's (in the full run too; its grid pair only there, with the browser); `--only=ipcam`
 * #29's IP camera rows (an RTSP test camera, the capture program, a recording relay); `--only=live-h264` #30's rows
 * of live H.264 to the Live Monitor beside today's JPEG (in the full run too), `--only=live-h264-phone` its phone pair alone,
 * `--only=live-h264-mse` #38's row alone (pictures drawn of the camera's on an MSE page), `--only=live-h264-bytes` its bytes pair alone, `--only=detect` #39's
 * object detector row (inference per frame on one core), `--only=detect-regions` #57's CPU per look at 1, 2 and 4 regions beside the whole picture, `--only=detect-relay` its relay row (4 cameras at 2/s), `--only=detect-capture` its camera-side CPU row, `--only=detect-latency` a person to the webhook,
 * `--only=wall` #41's wall view rows (16 cameras × 10 fps at 1920×1080, JPEG-only and with camera-side rungs), `--only=live-sound-cpu` #40's relay CPU per listening viewer, `--only=live-sound-sync` its sound against picture at the page,
 * `--only=cluster-boxes` #56's live boxes of node A's detector at viewers on A and on B (in the full run too), `--only=detect-objects`
 * #57's rows of following objects (fake clocks), `--only=plates` #58's plate row, `--only=faces` its face row (found + embedded), `--only=face-latency` a known person to the notification naming them. Every `detect` group and `plates` run in the full run too.
 */
import { cpus, totalmem } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowser, type BrowserResult } from './browser.js';
import { browserRows } from './browser-rows.js';
import { renderCameraSideRows, runCameraSideRows, type CameraSideRows } from './camera-side-rows.js';
import { renderCaptureRows, runCaptureRows, type CaptureRows } from './capture-rows.js';
import { renderDetectRows, runDetectRows, type DetectRows } from './detect-rows.js';
import { renderDetectRegionRows, runDetectRegionRows, type DetectRegionRows } from './detect-region-rows.js';
import { renderDetectCaptureRows, runDetectCaptureRows, type DetectCaptureRows } from './detect-capture-rows.js';
import { renderPlateRows, runPlateRows, type PlateRows } from './plate-rows.js';
import { renderFaceRows, runFaceRows, type FaceRows } from './face-rows.js';
import { renderFaceLatencyRows, runFaceLatencyRows, type FaceLatencyRows } from './face-latency.js';
import { renderDetectLatencyRows, runDetectLatencyRows, type DetectLatencyRows } from './detect-latency.js';
import { renderDetectRelayRows, runDetectRelayRows, type DetectRelayRows } from './detect-relay-rows.js';
import { renderDetectObjectRows, runDetectObjectRows, type DetectObjectRows } from './detect-object-rows.js';
import { renderIpcamRows, runIpcamRows, type IpcamRows } from './ipcam-rows.js';
import { renderBytesPair, renderLiveH264Rows, renderMseDrawn } from './lib/live-h264-report.js';
import { runBytesPair, runLiveH264Rows, runMseDrawnRow, type DrawnShare, type LiveH264Rows, type Measured } from './live-h264-rows.js';
import { renderRecordingRows, runRecordingRows, type RecordingRows } from './recording-rows.js';
import { runCluster, type ClusterResult } from './cluster.js';
import { renderClusterBoxes, runClusterBoxes, type ClusterBoxesResult } from './cluster-boxes.js';
import { renderCluster, renderReport, renderWebrtc } from './report.js';
import { renderRenditions, runRenditions, type RenditionResult } from './renditions.js';
import { renderLiveSoundCpu, runLiveSoundCpu } from './live-sound-cpu.js';
import { renderLiveSoundSync, runLiveSoundSync } from './live-sound-sync.js';
import { plan, runPlan } from './scenarios.js';
import { renderWallRows, runWallRows } from './wall-row.js';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const started = Date.now();
// Each line says when it started, so the rows' share of the run can be read off the log.
const log = (m: string) => process.stderr.write(`[${String(Math.round((Date.now() - started) / 1000)).padStart(3)} s] ${m}\n`);
const machine = `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;

log(`camrelay bench (${quick ? 'quick' : 'full'}${only ? `, only ${only}` : ''}) on ${machine}`);
const rows = await runPlan(
  plan(quick).filter((r) => !only || r.scenario.startsWith(only)),
  log,
);
let renditions: RenditionResult | null = null;
if (!only || 'resize cost'.startsWith(only)) {
  log('  resize cost: renditions of 720p and 1080p frames at each rung…');
  renditions = await runRenditions(quick);
}
let capture: CaptureRows | null = null;
// The camera side's rows build the capture program (about 20 s): run alone, so the full run stays within 300 s.
if (only === 'capture') capture = await runCaptureRows(log);
// So do the recording rows (#19): 4 encoders would also skew every other row's CPU.
let recording: RecordingRows | null = null;
if (only === 'recording') recording = await runRecordingRows(log);
// Alone too: it runs its own camera, capture programs and relays (about 90 s).
let ipcam: IpcamRows | null = null;
if (only === 'ipcam') ipcam = await runIpcamRows(log);
let cameraSide: CameraSideRows | null = null;
if (!quick && (!only || only === 'camera-side')) cameraSide = await runCameraSideRows(log);
// Its own Chromium pages and relays (about 4 min); in the full run too, not with --quick.
let liveH264: LiveH264Rows | null = null;
if (!quick && (!only || (only.startsWith('live-h264') && only !== 'live-h264-mse' && only !== 'live-h264-bytes')))
  liveH264 = await runLiveH264Rows(log, only === 'live-h264-phone');
// Alone: the detector takes a core for itself, and the model is fetched first (npm pack) if it is not there.
// Object detection's groups (#39, #57): each alone with its --only, and every one of them in the full run.
const detectGroup = (name: string) => only === name || (!only && !quick);
let detect: DetectRows | null = null;
if (detectGroup('detect')) detect = await runDetectRows(log);
let detectRegions: DetectRegionRows | null = null;
if (detectGroup('detect-regions')) detectRegions = await runDetectRegionRows(log);
let detectRelay: DetectRelayRows | null = null;
if (detectGroup('detect-relay')) detectRelay = await runDetectRelayRows(log);
let detectCapture: DetectCaptureRows | null = null;
if (detectGroup('detect-capture')) detectCapture = await runDetectCaptureRows(log);
let detectLatency: DetectLatencyRows | null = null;
if (detectGroup('detect-latency')) detectLatency = await runDetectLatencyRows(log);
let detectObjects: DetectObjectRows | null = null;
if (detectGroup('detect-objects')) detectObjects = await runDetectObjectRows(log);
let mseDrawn: Measured<DrawnShare> | null = null;
let plates: PlateRows | null = null;
if (detectGroup('plates')) plates = await runPlateRows(log);
let faces: FaceRows | null = null;
if (detectGroup('faces')) faces = await runFaceRows(log);
let faceLatency: FaceLatencyRows | null = null;
if (detectGroup('face-latency')) faceLatency = await runFaceLatencyRows(log);
if (only === 'live-h264-mse') mseDrawn = await runMseDrawnRow(log);
const bytesPair = only === 'live-h264-bytes' ? await runBytesPair(log) : null;
const wall = only === 'wall' ? await runWallRows(log) : null;
const soundCpu = only === 'live-sound-cpu' ? await runLiveSoundCpu(log) : null;
const soundSync = only === 'live-sound-sync' ? await runLiveSoundSync(log) : null;
const browser: BrowserResult[] = [];
let cluster: ClusterResult | null = null;
let clusterBoxes: ClusterBoxesResult | null = null;
if (only === 'cluster-boxes') clusterBoxes = await runClusterBoxes(log);
if (!only) {
  for (const spec of browserRows(quick)) {
    log(`  browser: ${spec.name}…`);
    // One row that fails (a busy box, a relay that reset a request) is said and skipped: the others still report.
    const result = await runBrowser(spec).catch((err: Error) => (log(`  browser: ${spec.name} FAILED: ${err.message.split('\n')[0]}`), undefined));
    if (result === undefined) continue;
    if (!result) {
      log('  (no Chromium: browser rows skipped; set CHROMIUM_PATH or install chromium)');
      break;
    }
    browser.push(result);
  }
  if (!quick) {
    log('  cluster: camera on node A, viewers on A and on B over Redis…');
    cluster = await runCluster(4000);
    if (!cluster) log('  (no redis-server: cluster row skipped)');
    clusterBoxes = await runClusterBoxes(log);
  }
}

const report = [
  rows.length > 0 ? renderReport(rows, browser) : '',
  renderWebrtc(rows),
  cluster ? renderCluster(cluster) : '',
  clusterBoxes ? renderClusterBoxes(clusterBoxes) : '',
  renditions ? renderRenditions(renditions) : '',
  capture ? renderCaptureRows(capture) : '',
  recording ? renderRecordingRows(recording) : '',
  ipcam ? renderIpcamRows(ipcam) : '',
  cameraSide ? renderCameraSideRows(cameraSide, browser) : '',
  liveH264 ? renderLiveH264Rows(liveH264) : '',
  only === 'live-h264-mse' ? renderMseDrawn(mseDrawn) : '',
  bytesPair ? renderBytesPair(bytesPair) : '',
  detect ? renderDetectRows(detect) : '',
  detectRegions ? renderDetectRegionRows(detectRegions) : '',
  detectRelay ? renderDetectRelayRows(detectRelay) : '',
  plates ? renderPlateRows(plates) : '',
  faces ? renderFaceRows(faces) : '',
  faceLatency ? renderFaceLatencyRows(faceLatency) : '',
  detectCapture ? renderDetectCaptureRows(detectCapture) : '',
  detectLatency ? renderDetectLatencyRows(detectLatency) : '',
  detectObjects ? renderDetectObjectRows(detectObjects) : '',
  wall && wall.length > 0 ? renderWallRows(wall) : '',
  soundCpu ? renderLiveSoundCpu(soundCpu) : '',
  soundSync ? renderLiveSoundSync(soundSync) : '',
]
  .filter(Boolean)
  .join('\n\n');
console.log(`\n${report}\n`);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');
await mkdir(path.dirname(out), { recursive: true });
await writeFile(
  out,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine,
      quick,
      ...(only ? { only } : {}),
      seconds: Math.round((Date.now() - started) / 1000),
      rows,
      browser,
      cluster,
      ...(clusterBoxes ? { clusterBoxes } : {}),
      renditions,
      capture,
      recording,
      ipcam,
      cameraSide,
      liveH264,
      ...(mseDrawn ? { mseDrawn } : {}),
      ...(bytesPair ? { bytesPair } : {}),
      ...(wall ? { wall } : {}),
      ...(soundCpu ? { soundCpu } : {}),
      ...(soundSync ? { soundSync } : {}),
      ...(detect ? { detect } : {}),
      ...(detectRegions ? { detectRegions } : {}),
      ...(detectRelay ? { detectRelay } : {}),
      ...(detectCapture ? { detectCapture } : {}),
      ...(detectLatency ? { detectLatency } : {}),
      ...(detectObjects ? { detectObjects } : {}),
      ...(plates ? { plates } : {}),
      ...(faces ? { faces } : {}),
      ...(faceLatency ? { faceLatency } : {}),
    },
    null,
    2,
  ),
);
log(`wrote ${out} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(0);
