/**
 * The camera side's rows (issue #18): the one-file capture program (Linux build: start to first
 * frame, memory while sending 720p15) and the browser as a camera (Chromium's fake camera at 720p15).
 * `npm run bench -- --only=capture` runs these alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBrowserCamera, type BrowserCameraResult } from './browser-camera.js';
import { captureArtefactSizes, measureCaptureExe, type CaptureExeFigures } from './capture-exe.js';
import { renderCaptureH264Row, runCaptureH264Rows, type CaptureH264Figures } from './capture-h264.js';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface CaptureRows {
  exe: (CaptureExeFigures & { sizesMb: Record<string, number> }) | null;
  /** Why the program row is missing (its build failed), or null. */
  exeProblem: string | null;
  browserCamera: BrowserCameraResult | null;
  /** The camera side's H.264 (#28): libx264, and the encoder picked here when another. */
  h264: CaptureH264Figures[];
}

/** Builds every target into a temp folder (the parts come from the npm registry, cached), measures the Linux program and the sizes, removes them. */
async function exeRow(seconds: number): Promise<Pick<CaptureRows, 'exe' | 'exeProblem'>> {
  const out = mkdtempSync(path.join(tmpdir(), 'camrelay-bench-build-'));
  try {
    const built = spawnSync(process.execPath, ['--import', 'tsx', 'tools/build-capture/main.ts', '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const exe = path.join(out, 'linux-x64', 'camrelay-capture');
    if (built.status !== 0 || !existsSync(exe)) return { exe: null, exeProblem: `build failed: ${(built.stderr || built.stdout).trim().split('\n').at(-1)}` };
    const figures = await measureCaptureExe({ exe, seconds });
    const sizes = captureArtefactSizes(out);
    return { exe: { ...figures, sizesMb: sizes }, exeProblem: null };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function runCaptureRows(log: (m: string) => void): Promise<CaptureRows> {
  log('  capture program: build the Linux executable, first frame and memory at 720p15…');
  const exe = await exeRow(5);
  log('  capture-h264: 720p15 JPEG → H.264 on the camera side, CPU of ffmpeg and the client…');
  const h264 = await runCaptureH264Rows(8);
  log('  browser camera: Chromium’s fake camera at 720p15 to a Live Monitor…');
  return { ...exe, h264, browserCamera: await runBrowserCamera(15, 6000) };
}

export function renderCaptureRows(r: CaptureRows): string {
  const f = (n: number | null | undefined, d = 1) => (n === null || n === undefined ? '–' : n.toFixed(d));
  const rows = ['| camera side | target | measured | |', '|---|---|---|---|'];
  if (r.exe) {
    const e = r.exe;
    rows.push(
      `| capture program (Linux x64 executable), 720p15 from files | first frame ≤ 2 s | ${e.firstFrameMs} ms | ${e.firstFrameMs <= 2000 ? 'met' : '**missed**'} |`,
    );
    rows.push(
      `| capture program, memory while sending | RSS ≤ 120 MB | peak ${f(e.rssPeakMb)} MB, mean ${f(e.rssMeanMb)} MB; ${f(e.fpsDelivered)} of ${e.fpsAsked} fps | ${(e.rssPeakMb ?? Infinity) <= 120 ? 'met' : '**missed**'} |`,
    );
    rows.push(
      `| artefact sizes (MB) | reported | ${Object.entries(e.sizesMb)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')} | |`,
    );
  } else rows.push(`| capture program | first frame ≤ 2 s, RSS ≤ 120 MB | not measured: ${r.exeProblem} | |`);
  for (const h of r.h264) rows.push(renderCaptureH264Row(h));
  const b = r.browserCamera;
  if (b)
    rows.push(
      `| browser camera, Chromium's fake camera 720p | ≥ 0.95× of ${b.askedFps} fps delivered; glass-to-glass p50 reported | ${f(b.deliveredFps)} fps; p50 ${b.p50} ms, p95 ${b.p95} ms; ${b.droppedAtCapture} dropped at the page | ${b.deliveredFps >= 0.95 * b.askedFps ? 'met' : '**missed**'} |`,
    );
  return rows.join('\n');
}
