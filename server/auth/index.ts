/** Sets up accounts, sessions, the failure limiter and the first admin, from the config. */
import path from 'node:path';
import { Authenticator } from './authenticator.js';
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

export { canView, type Principal } from './authenticator.js';
