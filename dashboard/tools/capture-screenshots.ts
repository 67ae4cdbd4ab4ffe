/**
 * The capture page (/capture) sending Chromium's fake camera, and the settings page's QR code of a
 * capture link, desktop (1280×800) and phone (390×844), against a relay of its own. Writes
 * capture-page-*.png and admin-capture-qr-*.png into the folder given (docs/images by default).
 * `npm run screenshots` runs it after the Live Monitor's; alone: `npx tsx dashboard/tools/capture-screenshots.ts <folder>`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCapturePage } from './shots/capture-page.js';
import { Stage } from './shots/stage.js';

export async function captureScreenshots(out: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  const stage = await Stage.start({ fakeCamera: true });
  const { server, url } = stage;
  try {
    for (const device of ['desktop', 'phone'] as const) {
      const context = await stage.context(device);
      const { secret } = server.store.createToken('kitchen-phone', 'phone');
      const capture = await openCapturePage(stage.browser, `${url}/capture#camera=kitchen-phone&token=${secret}`, { size: '1280x720', fps: 15, context });
      await capture.page.waitForFunction(() =>
        / acked [1-9]\d+ .*\d+\.\d fps/.test(document.querySelector('[data-testid="capture-status"]')?.textContent ?? ''),
      );
      await capture.page.screenshot({ path: path.join(out, `capture-page-${device}.png`) });

      // Settings → Users & tokens (#/settings/users), a QR code made for the camera that is sending.
      const admin = await stage.adminPage(context);
      await admin.goto(`${url}/#/settings/users`);
      await admin.fill('[data-testid="token-camera"]', 'kitchen-phone');
      await admin.fill('[data-testid="token-label"]', 'phone');
      await admin.selectOption('[data-testid="token-place"]', 'browser');
      await admin.click('[data-testid="token-create"]');
      await admin.waitForSelector('[data-testid="capture-qr-code"] svg');
      // The new token's box, its bottom (QR code, link, Done) at the bottom of the window.
      await admin.locator('[data-testid="token-secret"]').evaluate((box) => box.scrollIntoView({ block: 'end' }));
      await admin.screenshot({ path: path.join(out, `admin-capture-qr-${device}.png`) });
      await context.close();
    }
  } finally {
    await stage.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? fileURLToPath(new URL('../../docs/images', import.meta.url));
  await captureScreenshots(out);
  console.log(`capture page screenshots written to ${out}`);
}
