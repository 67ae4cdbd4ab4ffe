/** The browser tests run Chromium as the screenshot scripts do: one place for its path and flags. */
export { CHROMIUM_FLAGS, chromiumPath, launchChromium } from '../../dashboard/tools/shots/chromium.js';
