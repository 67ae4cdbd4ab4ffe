/** An account as the API shows it (shared/auth.ts User): never its password's hash. Shared by the auth route files. */
import type { User } from '../../shared/auth.js';
import type { Role } from './store.js';

export const publicUser = (u: { username: string; role: Role; cameras: '*' | readonly string[]; talk?: boolean; identities?: boolean }): User => ({
  username: u.username,
  role: u.role,
  cameras: u.cameras === '*' ? '*' : [...u.cameras],
  // Admins always may talk, whatever was stored: the API says what holds.
  talk: u.role === 'admin' || u.talk === true,
  identities: u.role === 'admin' || u.identities === true,
});
