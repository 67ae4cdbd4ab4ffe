/**
 * Passwords (#55 item 15): any signed-in user changes their own, proving the current one; an admin resets another
 * user's. Apart from `POST /api/users`, which replaces a whole account (name, role, cameras, talk) without asking.
 */
import type { Express } from 'express';
import type { UserAnswer } from '../../shared/auth.js';
import { CamrelayError } from '../../shared/errors.js';
import { jsonBody } from '../http/body-deadline.js';
import { sendError } from '../http/http-errors.js';
import { credentialOf, type Authenticator } from './authenticator.js';
import { principalOf, requireAdmin, requireSessionChange, requireUser, type HttpAuthOptions } from './http.js';
import { isSecure } from './origin.js';
import { hashPassword } from './passwords.js';
import { sessionCookie } from './sessions.js';
import type { AuthStore, StoredUser } from './store.js';
import { publicUser } from './public-user.js';

/** The one rule for a new password, as `POST /api/users` has it: 10 to 1024 characters. */
export function passwordRefusal(password: unknown): CamrelayError | null {
  if (typeof password === 'string' && password.length >= 10 && password.length <= 1024) return null;
  const error = new CamrelayError('BAD_REQUEST', 'password: at least 10 characters');
  error.field = 'password';
  return error;
}

/** The account with its new password; a generated one replaced is kept as false, so the first-run checklist ticks its step. */
async function withPassword(user: StoredUser, password: string): Promise<StoredUser> {
  const { generatedPassword, ...rest } = user;
  return { ...rest, password: await hashPassword(password), ...(generatedPassword !== undefined ? { generatedPassword: false } : {}) };
}

export function attachPasswordRoutes(app: Express, auth: Authenticator, store: AuthStore, o: HttpAuthOptions): void {
  const json = jsonBody();
  const user = requireUser(auth);
  const change = requireSessionChange(o);

  // Ends the user's other sessions and keeps this page signed in, under a fresh session id.
  app.post('/api/me/password', user, change, json, async (req, res, next) => {
    try {
      const me = principalOf(res);
      const body = (req.body ?? {}) as { current?: unknown; password?: unknown };
      const refusal = passwordRefusal(body.password);
      if (refusal) return sendError(res, refusal);
      // The login check itself: a wrong guess here counts against the address as a failed sign-in does.
      const proved = await auth.fromCredentials(me.username, typeof body.current === 'string' ? body.current : '', req.ip ?? '');
      if (!proved.ok) {
        if (proved.error.code !== 'BAD_CREDENTIALS') return sendError(res, proved.error);
        const wrong = new CamrelayError('WRONG_PASSWORD');
        wrong.field = 'current';
        return sendError(res, wrong);
      }
      const stored = store.getUser(me.username);
      if (!stored) return sendError(res, new CamrelayError('AUTH_REQUIRED'));
      const changed = await withPassword(stored, body.password as string);
      store.putUser(changed);
      auth.sessions.destroyUser(changed.username);
      const session = auth.sessions.create(changed.username, credentialOf(changed));
      res.setHeader('Set-Cookie', sessionCookie(session, isSecure(o, req.headers)));
      res.json({ ok: true, user: publicUser(changed) } satisfies UserAnswer);
    } catch (err) {
      next(err);
    }
  });

  // Another user's password, set by an admin: that user's sessions end. One's own goes through /api/me/password.
  app.put('/api/users/:username/password', user, requireAdmin(), change, json, async (req, res, next) => {
    try {
      const target = store.getUser(String(req.params.username));
      if (!target) return sendError(res, new CamrelayError('BAD_REQUEST', 'No such user.'));
      if (target.username === principalOf(res).username)
        return sendError(res, new CamrelayError('BAD_REQUEST', 'Change your own password with Change password: it asks for the current one.'));
      const refusal = passwordRefusal((req.body as { password?: unknown } | undefined)?.password);
      if (refusal) return sendError(res, refusal);
      const changed = await withPassword(target, (req.body as { password: string }).password);
      store.putUser(changed);
      auth.sessions.destroyUser(changed.username);
      res.json({ ok: true, user: publicUser(changed) } satisfies UserAnswer);
    } catch (err) {
      next(err);
    }
  });
}
