/**
 * Accounts and camera tokens as the relay's API shows them (`/api/login`, `/api/me`, `/api/users`,
 * `/api/camera-tokens`, docs/security.md): never a password hash or a token's secret after creation.
 */

export type Role = 'admin' | 'viewer';

/**
 * Sent by the Live Monitor's own requests, so the relay answers a 401 without its Basic challenge
 * (which would bring up the browser's password box instead of the page's login form). The browser's
 * `Sec-Fetch-Mode` says as much on https and localhost, but it is not sent to a plain-http LAN address.
 */
export const PAGE_REQUEST_HEADER = 'x-camrelay-page';

/** A signed-in account, or one in the admin's list. */
export interface User {
  username: string;
  role: Role;
  /** The camera ids this user may watch, or `*` for all of them. */
  cameras: '*' | string[];
  /** May talk through cameras it may watch (#40 item 4); absent means no. Admins always may, whatever it says. */
  talk?: boolean;
  /**
   * May see who and which car (#58): the plates read and the names of known plates in events, the review page and
   * notifications; absent means no (such a user sees "car"). Admins always may, whatever it says.
   */
  identities?: boolean;
}

/** A per-camera capture token as the admin's list shows it: never its secret. */
export interface CameraToken {
  id: string;
  cameraId: string;
  label: string;
  /** Server clock, ms since the epoch. */
  createdAt: number;
  /** When a camera last signed in or sent with it (server clock, ms; kept to within a minute); absent: never used. */
  lastUsedAt?: number;
}

/** `POST /api/login`, `GET /api/me`, `POST /api/users`: the account concerned. */
export interface UserAnswer {
  ok: true;
  user: User;
}

/** `GET /api/users`. */
export interface UsersAnswer {
  ok: true;
  users: User[];
}

/** `GET /api/camera-tokens`: the live tokens (revoked ones are not listed). */
export interface TokensAnswer {
  ok: true;
  tokens: CameraToken[];
}

/** `POST /api/camera-tokens`: the new token, and its secret, shown this once. */
export interface TokenCreated {
  ok: true;
  token: CameraToken;
  secret: string;
}

/** `POST /api/cameras/<id>/stream-tokens`: as TokenCreated, with the relay's RTSP port for the token's rtsp:// URL (null: RTSP is off). */
export interface StreamTokenCreated extends TokenCreated {
  rtspPort: number | null;
}
