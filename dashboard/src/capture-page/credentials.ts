/**
 * Who may send from this page: a capture link's one-camera token, or a signed-in admin, for whom
 * the page makes a token of the camera's own (labelled "browser camera", listed and revocable in
 * Admin like any other) and keeps it in this browser, so the relay needs no second way to
 * authenticate a camera.
 */
import type { Api } from '../api.js';
import { parseUser, type User } from '../auth/auth.js';
import { readStored, writeStored } from '../local-store.js';
import { parseCaptureFragment } from './capture-link.js';

export type Who = { kind: 'link'; cameraId: string; token: string } | { kind: 'user'; user: User } | { kind: 'nobody'; badCameraId: string | null };

export const TOKEN_LABEL = 'browser camera';
const storeKey = (cameraId: string) => `camrelay.capture-token.${cameraId}`;

/** The fragment's token first (it names its camera); else whoever the session cookie says. */
export async function whoIsHere(api: Pick<Api, 'get'>, hash: string): Promise<Who> {
  const fragment = parseCaptureFragment(hash);
  if (fragment.cameraId && fragment.token) return { kind: 'link', cameraId: fragment.cameraId, token: fragment.token };
  const me = await api.get<{ user?: unknown }>('/api/me');
  const user = me.ok ? parseUser(me.body.user) : null;
  return user ? { kind: 'user', user } : { kind: 'nobody', badCameraId: fragment.badCameraId };
}

export type TokenAnswer = { ok: true; token: string; stored: boolean } | { ok: false; code: string; message: string };

/** A signed-in user's token for `cameraId`: the one this browser keeps, else a new one (admins only: the server says FORBIDDEN otherwise). */
export async function tokenForUser(api: Pick<Api, 'post'>, cameraId: string): Promise<TokenAnswer> {
  const kept = readStored(storeKey(cameraId));
  if (kept) return { ok: true, token: kept, stored: true };
  const made = await api.post<{ secret?: unknown }>('/api/camera-tokens', { cameraId, label: TOKEN_LABEL });
  if (!made.ok) return { ok: false, code: made.body.error, message: made.body.message };
  if (typeof made.body.secret !== 'string') return { ok: false, code: 'BAD_RESPONSE', message: 'The server made a token but did not send it.' };
  writeStored(storeKey(cameraId), made.body.secret);
  return { ok: true, token: made.body.secret, stored: false };
}

/** Forgets this browser's token for `cameraId` (the relay refused it: revoked, or the data folder was reset). */
export function forgetToken(cameraId: string): void {
  writeStored(storeKey(cameraId), null);
}
