/** Login, logout, the current user, and the admin's users and camera tokens; passwords in password-routes.ts. */
import type { Express } from 'express';
import type { CameraToken, TokenCreated, TokensAnswer, UserAnswer, UsersAnswer } from '../../shared/auth.js';
import { CamrelayError } from '../../shared/errors.js';
import { nameRefusal, tokenLabel } from '../../shared/names.js';
import { CAMERA_ID_PATTERN } from '../../shared/protocol.js';
import { jsonBody } from '../http/body-deadline.js';
import { sendError } from '../http/http-errors.js';
import type { Authenticator } from './authenticator.js';
import { principalOf, requireAdmin, requireSessionChange, requireUser, type HttpAuthOptions } from './http.js';
import { isSecure, originRefusal, sameOrigin } from './origin.js';
import { hashPassword } from './passwords.js';
import { attachPasswordRoutes, passwordRefusal } from './password-routes.js';
import { publicUser } from './public-user.js';
import { sessionCookie } from './sessions.js';
import type { AuthStore, Role, StoredUser } from './store.js';

const USERNAME = /^[A-Za-z0-9_.-]{1,64}$/;
const TALK_FIELD = 'talk: true or false';
const IDENTITIES_FIELD = 'identities: true or false';
/** A token as the API shows it: never its hash. */
const publicToken = ({ id, cameraId, label, createdAt, lastUsedAt }: CameraToken): CameraToken => ({
  id,
  cameraId,
  label,
  createdAt,
  ...(lastUsedAt === undefined ? {} : { lastUsedAt }),
});

export function attachAuthRoutes(app: Express, auth: Authenticator, store: AuthStore, o: HttpAuthOptions): void {
  const json = jsonBody();
  const user = requireUser(auth);
  const change = requireSessionChange(o);
  const admin = requireAdmin();
  attachPasswordRoutes(app, auth, store, o);

  app.post('/api/login', json, async (req, res, next) => {
    try {
      if (!sameOrigin(o, req.headers)) return sendError(res, new CamrelayError('BAD_ORIGIN', originRefusal(o, req.headers)));
      const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
      const result = await auth.fromCredentials(body.username, body.password, req.ip ?? '');
      if (!result.ok) return sendError(res, result.error);
      const session = auth.sessions.create(result.value.username, result.value.credential);
      res.setHeader('Set-Cookie', sessionCookie(session, isSecure(o, req.headers)));
      res.json({ ok: true, user: publicUser(result.value) } satisfies UserAnswer);
    } catch (err) {
      next(err);
    }
  });

  app.post('/api/logout', user, change, (_req, res) => {
    auth.sessions.destroy(principalOf(res).sessionId);
    res.setHeader('Set-Cookie', sessionCookie(null, isSecure(o, res.req.headers)));
    res.json({ ok: true });
  });

  app.get('/api/me', user, (_req, res) => {
    res.json({ ok: true, user: publicUser(principalOf(res)) } satisfies UserAnswer);
  });

  app.get('/api/users', user, admin, (_req, res) => {
    res.json({ ok: true, users: store.listUsers().map(publicUser) } satisfies UsersAnswer);
  });

  app.post('/api/users', user, admin, change, json, async (req, res, next) => {
    try {
      const body = (req.body ?? {}) as { username?: unknown; password?: unknown; role?: unknown; cameras?: unknown; talk?: unknown; identities?: unknown };
      const bad = (why: string) => sendError(res, new CamrelayError('BAD_REQUEST', why));
      // The one name check first, so a control or bidi character gets BAD_NAME as in every other name; the rest is the ASCII rule.
      const refused = typeof body.username === 'string' ? nameRefusal('username', body.username) : null;
      if (refused) return sendError(res, refused);
      if (typeof body.username !== 'string' || !USERNAME.test(body.username)) return bad('username: 1-64 of A-Z a-z 0-9 _ . -');
      const refusal = passwordRefusal(body.password);
      if (refusal) return sendError(res, refusal);
      if (body.role !== 'admin' && body.role !== 'viewer') return bad('role: admin or viewer');
      const cameras = body.cameras === '*' ? '*' : body.cameras;
      if (cameras !== '*' && (!Array.isArray(cameras) || !cameras.every((c) => typeof c === 'string' && CAMERA_ID_PATTERN.test(c))))
        return bad('cameras: "*" or a list of camera ids');
      if (body.talk !== undefined && typeof body.talk !== 'boolean') return bad(TALK_FIELD);
      if (body.identities !== undefined && typeof body.identities !== 'boolean') return bad(IDENTITIES_FIELD);
      const existing = store.getUser(body.username);
      if (existing?.role === 'admin' && body.role !== 'admin' && store.listUsers().filter((u) => u.role === 'admin').length === 1)
        return bad('The last admin cannot be made a viewer.');
      const created: StoredUser = {
        username: body.username,
        role: body.role as Role,
        cameras: cameras as StoredUser['cameras'],
        // Left out: a replaced user keeps what an admin set (a password change alone does not take it away).
        talk: body.talk ?? existing?.talk === true,
        identities: body.identities ?? existing?.identities === true,
        password: await hashPassword(body.password as string),
        // A generated password replaced: kept as false, so the first-run checklist shows its step done.
        ...(existing?.generatedPassword !== undefined ? { generatedPassword: false } : {}),
      };
      store.putUser(created);
      auth.sessions.destroyUser(created.username); // a changed password or role takes effect at once
      res.status(201).json({ ok: true, user: publicUser(created) } satisfies UserAnswer);
    } catch (err) {
      next(err);
    }
  });

  // One user's talk or names-and-plates permission, from the users list's checkboxes: no password needed, sessions stay
  // (the socket's rights check picks it up).
  app.patch('/api/users/:username', user, admin, change, json, (req, res) => {
    const target = store.getUser(String(req.params.username));
    if (!target) return sendError(res, new CamrelayError('BAD_REQUEST', 'No such user.'));
    const body = (req.body ?? {}) as { talk?: unknown; identities?: unknown };
    if (body.talk === undefined && body.identities === undefined)
      return sendError(res, new CamrelayError('BAD_REQUEST', `${TALK_FIELD}, or ${IDENTITIES_FIELD}`));
    if (body.talk !== undefined && typeof body.talk !== 'boolean') return sendError(res, new CamrelayError('BAD_REQUEST', TALK_FIELD));
    if (body.identities !== undefined && typeof body.identities !== 'boolean') return sendError(res, new CamrelayError('BAD_REQUEST', IDENTITIES_FIELD));
    const changed: StoredUser = {
      ...target,
      ...(body.talk !== undefined ? { talk: body.talk } : {}),
      ...(body.identities !== undefined ? { identities: body.identities } : {}),
    };
    store.putUser(changed);
    res.json({ ok: true, user: publicUser(changed) } satisfies UserAnswer);
  });

  app.delete('/api/users/:username', user, admin, change, (req, res) => {
    const name = String(req.params.username);
    const target = store.getUser(name);
    if (!target) return sendError(res, new CamrelayError('BAD_REQUEST', 'No such user.'));
    if (target.role === 'admin' && store.listUsers().filter((u) => u.role === 'admin').length === 1)
      return sendError(res, new CamrelayError('BAD_REQUEST', 'The last admin cannot be deleted.'));
    store.deleteUser(name);
    auth.sessions.destroyUser(name);
    res.json({ ok: true });
  });

  app.get('/api/camera-tokens', user, admin, (_req, res) => {
    res.json({ ok: true, tokens: store.listTokens().map(publicToken) } satisfies TokensAnswer);
  });

  app.post('/api/camera-tokens', user, admin, change, json, (req, res) => {
    const body = (req.body ?? {}) as { cameraId?: unknown; label?: unknown };
    if (typeof body.cameraId !== 'string' || !CAMERA_ID_PATTERN.test(body.cameraId)) return sendError(res, new CamrelayError('BAD_CAMERA_ID'));
    const label = tokenLabel(body.label);
    if (!label.ok) return sendError(res, label.error);
    const { token, secret } = store.createToken(body.cameraId, label.value);
    res.status(201).json({ ok: true, token: publicToken(token), secret } satisfies TokenCreated);
  });

  app.delete('/api/camera-tokens/:id', user, admin, change, (req, res) => {
    if (!store.revokeToken(String(req.params.id))) return sendError(res, new CamrelayError('BAD_REQUEST', 'No such token.'));
    res.json({ ok: true });
  });
}
