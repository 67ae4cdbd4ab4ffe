/**
 * `npm run bench [-- --quick] [-- --only=<scenario prefix>]`: camrelay against raw-ws and
 * naive-socketio, same frames, same receivers, same run. Prints a markdown table and writes
 * bench/results/latest.json. `--only` runs the matching rows alone (no browser, no cluster).
 */
import { cpus, totalmem } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowser, type BrowserResult } from './browser.js';
import { runCluster, type ClusterResult } from './cluster.js';
import { renderCluster, renderReport, renderWebrtc } from './report.js';
import { renderRenditions, runRenditions, type RenditionResult } from './renditions.js';
import { plan, runPlan } from './scenarios.js';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const started = Date.now();
const log = (m: string) => process.stderr.write(`${m}\n`);
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
const browser: BrowserResult[] = [];
let cluster: ClusterResult | null = null;
if (!only) {
  log('  browser: 1 camera 720p 30 fps…');
  const one = await runBrowser(1, 30, quick ? 3000 : 6000);
  if (one) browser.push(one);
  log('  browser: 1 camera 720p 30 fps in the single view…');
  const single = await runBrowser(1, 30, quick ? 3000 : 6000, 'single');
  if (single) browser.push(single);
  if (!quick) {
    log('  browser: 16 cameras × 10 fps in one tab…');
    const grid = await runBrowser(16, 10, 6000);
    if (grid) browser.push(grid);
  }
  if (!one) log('  (no Chromium: browser rows skipped; set CHROMIUM_PATH or install chromium)');
  if (!quick) {
    log('  cluster: camera on node A, viewers on A and on B over Redis…');
    cluster = await runCluster(5000);
    if (!cluster) log('  (no redis-server: cluster row skipped)');
  }
}

const report = [
  only ? '' : renderReport(rows, browser),
  renderWebrtc(rows),
  cluster ? renderCluster(cluster) : '',
  renditions ? renderRenditions(renditions) : '',
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
      renditions,
    },
    null,
    2,
  ),
);
log(`wrote ${out} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(0);
