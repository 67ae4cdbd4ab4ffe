/** The Express app: security headers, origin checks, accounts, read-only API, metrics, health; modules add their routes after. */
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { CamrelayError } from '../shared/errors.js';
import { canView, type Authenticator } from './auth/authenticator.js';
import { checkOrigin, principalOf, requireUser, type HttpAuthOptions } from './auth/http.js';
import { hostAllowed, isSecure, originRefusal } from './auth/origin.js';
import { embedPolicy } from './http/embed.js';
import { forwardedPrefix, relayAddresses } from './http/lan.js';
import { attachAuthRoutes } from './auth/routes.js';
import type { AuthStore } from './auth/store.js';
import type { ServerConfig } from './load-config.js';
import { attachReadiness, type Readiness } from './http/health.js';
import { sendError } from './http/http-errors.js';
import { attachMetrics, type Metrics } from './metrics.js';
import type { Relay } from './relay/relay.js';

export interface HttpApp {
  app: Express;
  httpAuth: HttpAuthOptions;
  /** Any signed-in user. */
  requireUser: RequestHandler;
  requireCameraViewer: RequestHandler;
}

export function createHttpApp(config: ServerConfig, relay: Relay, auth: Authenticator, store: AuthStore, metrics: Metrics, readiness: Readiness): HttpApp {
  const app = express();
  app.disable('x-powered-by');
  // One proxy hop: the client's address is the last one our proxy appended, not one it forwarded.
  app.set('trust proxy', config.trustProxy ? 1 : false);
  const httpAuth: HttpAuthOptions = {
    tls: Boolean(config.tlsCert),
    trustProxy: config.trustProxy,
    allowedOrigins: config.allowedOrigins
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  };
  app.use(
    helmet({
      // The dashboard is built with no inline script or style; images are blob: URLs of frames.
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'blob:', 'data:'],
          // A plain-http page decodes live H.264 through MSE: its hidden <video> plays a MediaSource's blob: URL.
          mediaSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      strictTransportSecurity: httpAuth.tls,
    }),
  );
  app.use(
    embedPolicy(
      config.embedOrigins
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  );
  const originGate = checkOrigin(httpAuth);
  app.use((req, res, next) => {
    if (req.path === '/healthz' || req.path === '/readyz') return next();
    // The dashboard's files hold no secrets: never refused for their Origin (module scripts and
    // stylesheets are fetched in CORS mode, so a proxy that rewrote Host left the page unstyled and
    // dead). The Host is still checked, so a DNS-rebinding page is refused.
    // Lower-cased: Express matches routes without regard to case, so /API/cameras is the API too.
    const path = req.path.toLowerCase();
    if ((req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/api/') && path !== '/metrics' && path !== '/metrics/') {
      return hostAllowed(httpAuth, req.headers) ? next() : sendError(res, new CamrelayError('BAD_ORIGIN', originRefusal(httpAuth, req.headers)));
    }
    originGate(req, res, next);
  });
  // The page asks at load whether the relay takes its requests (a POST carries the page's Origin),
  // so a proxy misconfiguration shows as a banner with its fix before anyone types a password.
  app.post('/api/origin-check', (_req, res) => void res.json({ ok: true }));

  const user = requireUser(auth);
  const cameraGate: RequestHandler = (req, res, next) => {
    const id = String(req.params.cameraId ?? '');
    if (!canView(principalOf(res), id)) return sendError(res, new CamrelayError('UNKNOWN_CAMERA'));
    next();
  };
  const requireCameraViewer: RequestHandler = (req, res, next) => user(req, res, (err?: unknown) => (err ? next(err) : cameraGate(req, res, next)));

  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  attachReadiness(app, readiness);
  attachAuthRoutes(app, auth, store, httpAuth);
  // For the capture command and the stream URLs the Live Monitor shows: the addresses another machine can reach (url: the first).
  app.get('/api/capture-server', user, (req, res) => {
    const prefix = config.trustProxy ? forwardedPrefix(req.headers['x-forwarded-prefix']) : '';
    const urls = relayAddresses({
      host: req.headers.host ?? '',
      port: req.socket.localPort ?? 0,
      listenHost: config.host,
      secure: isSecure(httpAuth, req.headers),
      prefix,
    });
    res.json({ url: urls[0], urls });
  });
  attachMetrics(app, metrics, config.metricsToken, auth);
  return { app, httpAuth, requireUser: user, requireCameraViewer };
}
