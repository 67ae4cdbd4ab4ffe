/**
 * The installed app's service worker. It keeps the app shell (the page, its scripts and styles, the
 * icons, the manifest) so the Live Monitor opens with no network and says the relay cannot be
 * reached. Nothing else: the API, Socket.IO, frames, MJPEG, snapshots, recordings and exports never
 * wake it (static routes send them straight to the network) and are never cached. The build writes
 * the shell's files and their hash into this file (tools/app-shell-plugin.ts): a new build is a new
 * worker, which takes over at once and has the open pages reload (register.ts). It also shows the
 * relay's Web Push notices (server/push/) and opens the event's view when one is tapped.
 */
import type { PushEvent, ServiceWorkerScope } from './sw-scope.js';

interface Shell {
  /** A hash of every shell file's bytes. */
  version: string;
  /** Relative to this worker, as built: index.html, assets/…, icons/…, manifest.webmanifest. */
  files: string[];
}

const sw = self as unknown as ServiceWorkerScope;
// Replaced with the literal by the build; the plugin fails the build when it cannot find this.
const SHELL = (self as unknown as { __CAMRELAY_SHELL__: Shell }).__CAMRELAY_SHELL__;
const CACHE_PREFIX = 'camrelay-shell-';
const CACHE = `${CACHE_PREFIX}${SHELL.version}`;
/** Everything the relay answers live lives under these, relative to the scope (a proxy's sub-path included). */
const NETWORK_ONLY = ['api/', 'socket.io/'];
/** What the pages hear when this worker replaced an older shell (register.ts); a copy of its constant, as a worker imports nothing. */
const UPDATED = 'camrelay:shell-updated';

const scope = new URL(sw.registration.scope);
const indexUrl = new URL('index.html', scope).href;
const shellPaths = new Set(SHELL.files.map((f) => new URL(f, scope).pathname));

sw.addEventListener('install', (event) => {
  const rules = NETWORK_ONLY.map((p) => ({ condition: { urlPattern: { pathname: `${scope.pathname}${p}*` } }, source: 'network' as const }));
  // Without static routes (not Chromium, or a rule it cannot take) the fetch handler still leaves these requests alone.
  let routed: Promise<void> | undefined;
  try {
    routed = event.addRoutes?.(rules).catch(() => {});
  } catch {
    routed = undefined;
  }
  const cached = caches.open(CACHE).then((cache) => cache.addAll(SHELL.files.map((f) => new Request(new URL(f, scope), { cache: 'no-cache' }))));
  event.waitUntil(Promise.all([routed, cached]).then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(activate());
});

/** Drops older shells and takes the open pages; those an older shell served are told to reload. */
async function activate(): Promise<void> {
  const old = (await caches.keys()).filter((k) => k.startsWith(CACHE_PREFIX) && k !== CACHE);
  await Promise.all(old.map((k) => caches.delete(k)));
  await sw.clients.claim();
  if (old.length === 0) return;
  for (const client of await sw.clients.matchAll({ type: 'window' })) client.postMessage(UPDATED);
}

sw.addEventListener('fetch', (event) => {
  const answer = fromShell(event.request);
  if (answer) event.respondWith(answer);
});

/** The cached copy of a shell file (the page itself for a navigation to it), else null: the network's, untouched. */
function fromShell(request: Request): Promise<Response> | null {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  if (url.origin !== scope.origin) return null;
  const page = request.mode === 'navigate' && (url.pathname === scope.pathname || url.href.split(/[?#]/)[0] === indexUrl);
  if (!page && (request.mode === 'navigate' || !shellPaths.has(url.pathname))) return null;
  return caches
    .open(CACHE)
    .then((cache) => cache.match(page ? indexUrl : request, { ignoreSearch: true }))
    .then((hit) => hit ?? fetch(request));
}

/** A motion event from the relay (server/push/push-notice.ts); anything unreadable still shows, as push requires. */
function noticeOf(data: PushEvent['data']): { title: string; body: string; url: string; tag: string } {
  const fallback = { title: 'camrelay', body: 'Motion on one of your cameras.', url: '', tag: 'camrelay' };
  try {
    const n = JSON.parse(data?.text() ?? '') as Record<string, unknown>;
    const text = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
    return { title: text(n.title, 200) || fallback.title, body: text(n.body, 500), url: text(n.url, 500), tag: text(n.tag, 200) || fallback.tag };
  } catch {
    return fallback;
  }
}

sw.addEventListener('push', (event) => {
  const notice = noticeOf(event.data);
  const url = new URL(notice.url, scope);
  // Only a view of this app: the relay's words never send the phone elsewhere.
  const open = url.origin === scope.origin && url.pathname.startsWith(scope.pathname) ? url.href : scope.href;
  event.waitUntil(
    shellIcon().then((icon) => sw.registration.showNotification(notice.title, { body: notice.body, tag: notice.tag, icon, data: { url: open } })),
  );
});

/**
 * The app's icon for a notice, as a data: URL of the shell's cached copy. Chromium shows a notice only once its icon
 * is fetched, and the push event is ended (its notice lost) after 90 s: a phone away from home, whose push service
 * reaches it where the relay does not, waited on an icon it could not get. The network's copy only if the cache lost it.
 */
async function shellIcon(): Promise<string> {
  const url = new URL('icons/icon-192.png', scope).href;
  try {
    const hit = await (await caches.open(CACHE)).match(url);
    if (!hit) return url;
    const bytes = new Uint8Array(await hit.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return `data:${hit.headers.get('content-type') ?? 'image/png'};base64,${btoa(binary)}`;
  } catch {
    return url;
  }
}

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data as { url?: unknown } | null;
  event.waitUntil(openView(typeof data?.url === 'string' ? data.url : scope.href));
});

/** The app's window showing `url`: one already open is brought up and sent there, else a new one. */
async function openView(url: string): Promise<void> {
  const open = (await sw.clients.matchAll({ type: 'window', includeUncontrolled: true })).find((c) => c.url.startsWith(scope.href));
  if (open) {
    const shown = await open.navigate(url).catch(() => null);
    await (shown ?? open).focus();
    return;
  }
  await sw.clients.openWindow(url);
}
