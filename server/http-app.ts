/** The Express app every module adds its routes to: proxy trust, security headers and the embedding policy. */
import express, { type Express } from 'express';
import helmet from 'helmet';
import { embedPolicy } from './http/embed.js';
import type { ServerConfig } from './load-config.js';

export function createHttpApp(config: ServerConfig): Express {
  const app = express();
  app.disable('x-powered-by');
  // One proxy hop: the client's address is the last one our proxy appended, not one it forwarded.
  app.set('trust proxy', config.trustProxy ? 1 : false);
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
      strictTransportSecurity: Boolean(config.tlsCert),
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
  return app;
}
