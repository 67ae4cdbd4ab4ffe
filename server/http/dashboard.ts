/** Serves the built Live Monitor, building it first when the sources are newer than the build. */
import express, { type Express } from 'express';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DASHBOARD_DIR = path.join(root, 'dashboard');
export const DASHBOARD_DIST = path.join(DASHBOARD_DIR, 'dist');

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    const t = entry.isDirectory() ? await newestMtime(full) : (await stat(full)).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/** True when dist/index.html is missing or older than any dashboard, shared or common source. */
export async function dashboardNeedsBuild(): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(path.join(DASHBOARD_DIST, 'index.html'))).mtimeMs;
  } catch {
    return true;
  }
  // The pages import shared/ (the protocol) and common/ (code the capture client runs too).
  const sources = Math.max(await newestMtime(DASHBOARD_DIR), await newestMtime(path.join(root, 'shared')), await newestMtime(path.join(root, 'common')));
  return sources > built;
}

/** Builds the dashboard with Vite (a few seconds), only when needed. */
export async function ensureDashboardBuilt(log: { info: (m: string) => void }): Promise<void> {
  if (!(await dashboardNeedsBuild())) return;
  log.info('building the Live Monitor (dashboard/dist)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(DASHBOARD_DIR, 'vite.config.ts'), logLevel: 'warn' });
}

export function serveDashboard(app: Express): void {
  // The browser as a camera. Only `/capture` itself: its assets are relative (./assets/…), which
  // `/capture/` would resolve under the wrong folder. The token stays in the fragment, which no
  // request carries (docs/browser-camera.md).
  app.get('/capture', (req, res, next) => {
    if (req.path !== '/capture') return res.redirect(301, '../capture');
    res.sendFile(path.join(DASHBOARD_DIST, 'capture.html'), { maxAge: 0 }, (err) => err && next(err));
  });
  app.use(express.static(DASHBOARD_DIST, { index: 'index.html', maxAge: 0 }));
}
