/** The Express app: security headers, origin checks, accounts, read-only API, metrics, health. */
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { CamrelayError } from '../shared/errors.js';
import { attachApi } from './api.js';
import { canView, type Authenticator } from './auth/authenticator.js';
import { checkOrigin, principalOf, requireUser, type HttpAuthOptions } from './auth/http.js';
import { attachAuthRoutes } from './auth/routes.js';
import type { AuthStore } from './auth/store.js';
import type { ServerConfig } from './config.js';
import { attachReadiness, type Readiness } from './health.js';
import { sendError } from './http-errors.js';
import { attachMetrics, type Metrics } from './metrics.js';
import type { Relay } from './relay/relay.js';
import type { CameraKeeper } from './relay/camera-keeper.js';
import { attachCameraAdmin } from './camera-admin.js';

export interface HttpApp {
  app: Express;
  httpAuth: HttpAuthOptions;
  requireCameraViewer: RequestHandler;
}

export function createHttpApp(config: ServerConfig, relay: Relay, auth: Authenticator, store: AuthStore, metrics: Metrics, readiness: Readiness, cameras: CameraKeeper): HttpApp {
  const app = express();
  app.disable('x-powered-by');
  // One proxy hop: the client's address is the last one our proxy appended, not one it forwarded.
  app.set('trust proxy', config.trustProxy ? 1 : false);
  const httpAuth: HttpAuthOptions = {
    tls: Boolean(config.tlsCert),
    trustProxy: config.trustProxy,
    allowedOrigins: config.allowedOrigins.split(',').map((o) => o.trim()).filter(Boolean),
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
  // Everything but the liveness probes: also the dashboard's files, against DNS rebinding.
  const originGate = checkOrigin(httpAuth);
  app.use((req, res, next) => (req.path === '/healthz' || req.path === '/readyz' ? next() : originGate(req, res, next)));

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
  attachApi(app, relay, user, requireCameraViewer, (id) => cameras.storedFrame(id));
  attachCameraAdmin(app, cameras, store, user, httpAuth);
  attachMetrics(app, metrics, config.metricsToken, auth);
  return { app, httpAuth, requireCameraViewer };
}
