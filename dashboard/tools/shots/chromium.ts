/** Debian's Chromium and the flags every headless run uses: for the screenshot scripts and the browser tests alike. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Chromium's built-in fake camera, and no permission prompt for it. */
export const FAKE_CAMERA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/** CHROMIUM_PATH, else Debian's binary; null when there is none. */
export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** Headless Chromium, with Chromium's fake camera when asked. */
export function launchChromium(o: { fakeCamera?: boolean } = {}): Promise<Browser> {
  const args = o.fakeCamera ? [...CHROMIUM_FLAGS, ...FAKE_CAMERA_FLAGS] : CHROMIUM_FLAGS;
  return chromium.launch({ executablePath: chromiumPath() ?? '/usr/bin/chromium', args, headless: true });
}
