/**
 * `npm run bench -- --only=wall`: #41 item 6's rows, the wall view of 16 cameras × 10 fps at 1920×1080: the cameras
 * as JPEG-only publishers (the relay resizes each frame for the tiles), and as the capture program runs them, making
 * the tiles' sizes itself (#28's camera-side rungs), which is where the target is held, as the grid's is.
 */
import { runBrowser, type BrowserResult, type BrowserSpec } from './browser.js';

const WALL: BrowserSpec = {
  name: 'wall view, 16 × 10 fps cameras at 1920×1080',
  cameras: 16,
  fps: 10,
  measureMs: 5000,
  view: 'wall',
  viewport: { width: 1920, height: 1080 },
};
export const WALL_ROWS: BrowserSpec[] = [
  { ...WALL, name: `${WALL.name}, JPEG-only cameras (the relay resizes)` },
  { ...WALL, name: `${WALL.name}, camera-side rungs`, cameraSide: true },
];
/** #41's target: every tile visible and drawing at least this many frames per second. */
const MIN_TILE_FPS = 9;

/** The rows measured (none without Chromium). */
export async function runWallRows(log: (m: string) => void): Promise<BrowserResult[]> {
  const out: BrowserResult[] = [];
  for (const spec of WALL_ROWS) {
    // A busy box's relay can reset one of the row's requests (/metrics): said, and tried once more.
    for (let attempt = 1; attempt <= 2; attempt++) {
      log(`  browser: ${spec.name}…`);
      try {
        const result = await runBrowser(spec);
        if (!result) {
          log('  (no Chromium: the wall rows skipped; set CHROMIUM_PATH or install chromium)');
          return out;
        }
        out.push(result);
        break;
      } catch (err) {
        log(`  browser: ${spec.name} FAILED: ${(err as Error).message.split('\n')[0]}`);
      }
    }
  }
  return out;
}

export function renderWallRows(rows: BrowserResult[]): string {
  const f = (n: number) => n.toFixed(1);
  const line = (r: BrowserResult) => {
    const met = r.tilesInView === r.cameras && r.tileFpsMin >= MIN_TILE_FPS;
    const target = r.name.endsWith('camera-side rungs') ? `${r.cameras} tiles visible, each ≥ ${MIN_TILE_FPS} fps drawn` : 'reported';
    return `| ${r.name} | ${r.tilesInView} of ${r.cameras} | ${f(r.tileFpsMin)} / ${f(r.tileFpsMedian)} / ${f(r.tileFpsMax)} | ${r.latency.p50} | ${r.latency.p95} | ${r.maxFrozenMs} | ${target} | ${target === 'reported' ? '' : met ? 'yes' : 'no'} |`;
  };
  return [
    '| wall row | tiles visible | tile fps drawn (slowest / median / fastest) | p50 ms | p95 ms | longest frozen tile ms | target | met |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(line),
  ].join('\n');
}
