/** The README's `npm run screenshots -- <folder>`, run as printed: it writes every picture at its size. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser.js';

describe.runIf(browserAvailable())('npm run screenshots', () => {
  it('writes the desktop, phone, single-view, settings, relay-unreachable, capture page, Admin QR, playback, events and review pictures at their sizes', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'camrelay-shots-'));
    try {
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const child = spawn(npm, ['run', 'screenshots', '--', folder], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code, out).toBe(0);
      const sizes = async (name: string) => {
        const m = await sharp(path.join(folder, name)).metadata();
        return [m.width, m.height];
      };
      expect(await sizes('live-monitor-desktop.png')).toEqual([1280, 800]);
      expect(await sizes('single-view-desktop.png')).toEqual([1280, 800]);
      expect(await sizes('relay-unreachable-desktop.png')).toEqual([1280, 800]);
      // The phone pictures are taken at a device pixel ratio of 2.
      expect(await sizes('live-monitor-phone.png')).toEqual([780, 1688]);
      expect(await sizes('single-view-phone.png')).toEqual([780, 1688]);
      // The settings page's sections that docs/ show.
      for (const section of ['add', 'cameras', 'system']) {
        expect(await sizes(`settings-${section}-desktop.png`)).toEqual([1280, 800]);
        expect(await sizes(`settings-${section}-phone.png`)).toEqual([780, 1688]);
      }
      // The capture page and the Admin QR code (dashboard/tools/capture-screenshots.ts).
      expect(await sizes('capture-page-desktop.png')).toEqual([1280, 800]);
      expect(await sizes('admin-capture-qr-desktop.png')).toEqual([1280, 800]);
      expect(await sizes('capture-page-phone.png')).toEqual([780, 1688]);
      expect(await sizes('admin-capture-qr-phone.png')).toEqual([780, 1688]);
      // The timeline, playback, the events page and the review page (dashboard/tools/playback-screenshots.ts).
      for (const name of ['playback-timeline', 'playback', 'events-page', 'review-page']) {
        expect(await sizes(`${name}-desktop.png`)).toEqual([1280, 800]);
        expect(await sizes(`${name}-phone.png`)).toEqual([780, 1688]);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 600_000);
});
