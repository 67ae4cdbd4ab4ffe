/**
 * `auth`: accounts, sessions, the failure limiter and the first admin, from the config; the capture
 * token; the sign-in routes, and the gates every module's routes use (`ctx.requireUser`,
 * `ctx.requireCameraViewer`).
 */
import type { RequestHandler } from 'express';
import path from 'node:path';
import { CamrelayError } from '../../shared/errors.js';
import { sendError } from '../http/http-errors.js';
import type { Attached, Module } from '../modules/module.js';
import { Authenticator, canView } from './authenticator.js';
import { resolveCaptureToken } from './capture-token.js';
import { principalOf, requireUser } from './http.js';
import { attachAuthRoutes } from './routes.js';
import { hashPassword, randomPassword } from './passwords.js';
import { FailureLimiter } from './rate-limit.js';
import { Sessions } from './sessions.js';
import { AuthStore } from './store.js';

export interface AuthSetup {
  store: AuthStore;
  auth: Authenticator;
  /** The first admin's password when it was generated now (printed once), else null. */
  generatedAdminPassword: string | null;
}

export async function setUpAuth(
  dataDir: string,
  siteCaptureToken: string,
  opts: { adminPassword?: string; sessionTtlMs: number; redisUrl?: string },
): Promise<AuthSetup> {
  const store = new AuthStore(dataDir);
  let generatedAdminPassword: string | null = null;
  if (store.listUsers().length === 0) {
    // Never a known default password: the one given in the config, or a random one shown once.
    const password = opts.adminPassword ?? (generatedAdminPassword = randomPassword());
    const user = { username: 'admin', role: 'admin', cameras: '*', password: await hashPassword(password) } as const;
    // Marked so the first-run checklist can ask for a new one; a password set later drops the mark.
    store.putUser(generatedAdminPassword === null ? user : { ...user, generatedPassword: true });
  }
  store.watch();
  // Ten failures a minute per address, then a minute's wait: slows guessing, spares a typo.
  const limit = () => new FailureLimiter({ maxFailures: 10, windowMs: 60_000, blockMs: 60_000 });
  // Clustered, sessions live in Redis so every node knows them (loaded only then, as the cluster is).
  const sessions = opts.redisUrl
    ? await (await import('./redis-sessions.js')).RedisSessions.open(opts.redisUrl, opts.sessionTtlMs)
    : new Sessions(opts.sessionTtlMs, path.resolve(dataDir, 'sessions.json'));
  const auth = new Authenticator(store, sessions, { logins: limit(), tokens: limit() }, siteCaptureToken);
  return { store, auth, generatedAdminPassword };
}

export interface AuthAttached extends Attached, AuthSetup {
  requireUser: RequestHandler;
  requireCameraViewer: RequestHandler;
  captureToken: string;
  /** True when the capture token was generated at this start (kept in the data folder). */
  tokenGenerated: boolean;
}

declare module '../modules/module.js' {
  interface Provided {
    auth: AuthAttached;
  }
}

export const auth: Module<'auth'> = {
  name: 'auth',
  // Every module's routes reach it as `ctx.requireUser`; its routes are checked for their origin first.
  always: true,
  needs: ['origin-check'],
  async attach(ctx): Promise<AuthAttached> {
    const config = ctx.config as typeof ctx.config & { redisUrl?: string };
    const token = await resolveCaptureToken(config.captureToken, config.dataDir);
    const setup = await setUpAuth(config.dataDir, token.value, config);
    attachAuthRoutes(ctx.app, setup.auth, setup.store, ctx.httpAuth);
    const user = requireUser(setup.auth);
    const cameraGate: RequestHandler = (req, res, next) => {
      const id = String(req.params.cameraId ?? '');
      if (!canView(principalOf(res), id)) return sendError(res, new CamrelayError('UNKNOWN_CAMERA'));
      next();
    };
    return {
      ...setup,
      captureToken: token.value,
      tokenGenerated: token.generated,
      requireUser: user,
      requireCameraViewer: (req, res, next) => user(req, res, (err?: unknown) => (err ? next(err) : cameraGate(req, res, next))),
      close() {
        setup.store.close();
        setup.auth.sessions.close();
      },
    };
  },
};

export { canView, type Principal } from './authenticator.js';
