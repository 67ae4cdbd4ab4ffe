/**
 * Registers the installed app's service worker (sw.ts) where a browser allows one: https, or
 * localhost. A plain-http LAN address gets none, and the page works the same without it. A new
 * build's worker takes over at once and tells the pages an older shell served; they reload, once,
 * so the page and the relay it talks to are the same build again. (Vite's dev server has no sw.js:
 * the registration fails there, quietly.)
 */

/** The worker's word for "a new shell replaced the one this page came from" (sw.ts holds a copy). */
export const SHELL_UPDATED = 'camrelay:shell-updated';

/** When a phone brings the app back, it asks the relay whether the app changed (a browser checks on each load too). */
function checkOnReturn(registration: ServiceWorkerRegistration): void {
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') registration.update().catch(() => {});
  });
}

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  let reloading = false;
  // Messages wait until the page's scripts ran (DOMContentLoaded): one sent while it loads is not lost.
  navigator.serviceWorker.addEventListener('message', (e: MessageEvent<unknown>) => {
    if (e.data !== SHELL_UPDATED || reloading) return;
    reloading = true;
    location.reload();
  });
  navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).then(checkOnReturn, () => {});
}
