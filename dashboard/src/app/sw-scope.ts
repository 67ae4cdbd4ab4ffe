/**
 * The few service-worker types sw.ts uses. The dashboard compiles against the DOM library, which
 * cannot be mixed with the WebWorker one, so they are declared here (as decode.worker.ts does).
 */

export interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}

/** A static route (Chromium's Service Worker Static Routing API): matching requests skip the worker. */
export interface RouterRule {
  condition: { urlPattern: { pathname: string } };
  source: 'network';
}

export interface InstallEvent extends ExtendableEvent {
  /** Chromium 123+; elsewhere absent, and the fetch handler leaves those requests alone instead. */
  addRoutes?(rules: RouterRule[]): Promise<void>;
}

export interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Promise<Response>): void;
}

export interface PushEvent extends ExtendableEvent {
  data: { text(): string } | null;
}

export interface NotificationEvent extends ExtendableEvent {
  notification: Notification & { data: unknown };
}

export interface WindowClient {
  url: string;
  postMessage(message: unknown): void;
  focus(): Promise<WindowClient>;
  navigate(url: string): Promise<WindowClient | null>;
}

export interface ServiceWorkerScope {
  registration: ServiceWorkerRegistration;
  skipWaiting(): Promise<void>;
  clients: {
    claim(): Promise<void>;
    matchAll(o: { type: 'window'; includeUncontrolled?: boolean }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
  };
  addEventListener(type: 'install', l: (e: InstallEvent) => void): void;
  addEventListener(type: 'activate', l: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', l: (e: FetchEvent) => void): void;
  addEventListener(type: 'push', l: (e: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', l: (e: NotificationEvent) => void): void;
}
