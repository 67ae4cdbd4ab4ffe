/**
 * Users and per-camera tokens, kept as JSON in the data folder (written atomically), in Maps in
 * memory. Another process (the admin CLI) may change the files: a change on disk is picked up
 * within a second, so a token revoked from the command line stops working at once.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CameraToken, Role, User } from '../../shared/auth.js';
import { commandSafeSecret } from './command-secret.js';
import type { PasswordHash } from './passwords.js';
import { DataFile } from '../config/data-file.js';

export type { Role };

/** An account as users.json keeps it: what the API shows (shared/auth.ts), and the password's hash. */
export interface StoredUser extends User {
  password: PasswordHash;
  /**
   * The first admin's password was generated at the relay's first start (#42): true while it still is, false once a
   * new one was set through the API (so the first-run checklist ticks its step); absent for a chosen password.
   */
  generatedPassword?: boolean;
}

/** A token as camera-tokens.json keeps it: what the API shows (shared/auth.ts), and the secret's hash. */
export interface StoredToken extends CameraToken {
  /** sha256 of the token, hex: the token itself is never stored. */
  hash: string;
  /** Kept after revocation, so a camera still trying it is told REVOKED rather than a bare BAD_TOKEN. */
  revokedAt?: number;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export class AuthStore {
  private users = new Map<string, StoredUser>();
  private tokens = new Map<string, StoredToken>();
  private readonly usersFile: string;
  private readonly tokensFile: string;
  private readonly usersData: DataFile;
  private readonly tokensData: DataFile;
  private stamp = '';
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  /** When each token was last matched, in memory: a camera sending over HTTP matches on every frame. */
  private readonly used = new Map<string, number>();
  private usedSaved = true;
  private usageTimer: NodeJS.Timeout | undefined;

  constructor(dataDir: string) {
    this.usersFile = path.resolve(dataDir, 'users.json');
    this.tokensFile = path.resolve(dataDir, 'camera-tokens.json');
    mkdirSync(path.dirname(this.usersFile), { recursive: true });
    // An invalid users.json must not read as no users: the last good copy is restored, and said on stderr.
    this.usersData = new DataFile(this.usersFile, { check: Array.isArray });
    this.tokensData = new DataFile(this.tokensFile, { check: Array.isArray });
    this.load();
  }

  /** Re-reads the files when another process changed them; listeners hear of every change. */
  watch(intervalMs = 1000): void {
    this.timer = setInterval(() => {
      if (this.fileStamp() !== this.stamp) {
        this.load();
        this.emit();
      }
    }, intervalMs);
    this.timer.unref();
    // Token use reaches the file at most once a minute (and on close), not once a frame.
    this.usageTimer = setInterval(() => this.saveUsage(), 60_000);
    this.usageTimer.unref();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    clearInterval(this.timer);
    clearInterval(this.usageTimer);
    this.saveUsage();
  }

  listUsers(): StoredUser[] {
    return [...this.users.values()];
  }

  getUser(username: string): StoredUser | undefined {
    return this.users.get(username);
  }

  putUser(user: StoredUser): void {
    this.refresh();
    this.users.set(user.username, user);
    this.save();
  }

  deleteUser(username: string): boolean {
    this.refresh();
    const had = this.users.delete(username);
    if (had) this.save();
    return had;
  }

  /** The live tokens (revoked ones are kept apart, see `revokedAt`). */
  listTokens(): StoredToken[] {
    return [...this.tokens.values()].filter((t) => t.revokedAt === undefined).map((t) => this.withUse(t));
  }

  /** Writes when tokens were last used, if any was since the last write. */
  saveUsage(): void {
    if (this.usedSaved) return;
    this.refresh();
    for (const id of this.used.keys()) {
      const token = this.tokens.get(id);
      if (token) Object.assign(token, this.withUse(token));
    }
    this.usedSaved = true;
    this.save();
  }

  private withUse(token: StoredToken): StoredToken {
    const at = this.used.get(token.id);
    return at === undefined || (token.lastUsedAt ?? 0) >= at ? token : { ...token, lastUsedAt: at };
  }

  /** Creates a token for one camera; the secret is returned once and never stored. */
  createToken(cameraId: string, label = ''): { token: StoredToken; secret: string } {
    this.refresh();
    const secret = commandSafeSecret(24);
    const token: StoredToken = { id: randomUUID(), cameraId, label: label.slice(0, 100), createdAt: Date.now(), hash: sha256(secret).toString('hex') };
    this.tokens.set(token.id, token);
    this.save();
    return { token, secret };
  }

  revokeToken(id: string): StoredToken | undefined {
    this.refresh();
    const token = this.tokens.get(id);
    if (!token || token.revokedAt !== undefined) return undefined;
    token.revokedAt = Date.now();
    this.save();
    return token;
  }

  /** The token of this camera that matches `secret` (compared in constant time), revoked or not; a live one's use is noted (`saveUsage`). */
  matchToken(cameraId: string, secret: string): { id: string; revoked: boolean } | null {
    const given = sha256(secret);
    let match: { id: string; revoked: boolean } | null = null;
    for (const token of this.tokens.values()) {
      if (token.cameraId !== cameraId) continue;
      if (timingSafeEqual(given, Buffer.from(token.hash, 'hex'))) match = { id: token.id, revoked: token.revokedAt !== undefined };
    }
    if (match && !match.revoked) {
      this.used.set(match.id, Date.now());
      this.usedSaved = false;
    }
    return match;
  }

  /** True while the token exists and is not revoked. */
  hasToken(id: string): boolean {
    const token = this.tokens.get(id);
    return token !== undefined && token.revokedAt === undefined;
  }

  /** Another process may have written the files since we read them: read them again first. */
  private refresh(): void {
    if (this.fileStamp() === this.stamp) return;
    this.load();
    this.emit();
  }

  private load(): void {
    const read = <T>(file: DataFile): T[] => (file.read() ?? []) as T[];
    this.users = new Map(read<StoredUser>(this.usersData).map((u) => [u.username, u]));
    this.tokens = new Map(read<StoredToken>(this.tokensData).map((t) => [t.id, t]));
    this.stamp = this.fileStamp();
  }

  private save(): void {
    const write = (file: DataFile, data: unknown) => file.writeSync(JSON.stringify(data, null, 2) + '\n');
    write(this.usersData, this.listUsers());
    write(this.tokensData, [...this.tokens.values()]);
    this.stamp = this.fileStamp();
    this.emit();
  }

  private fileStamp(): string {
    const one = (f: string) => {
      try {
        const s = statSync(f);
        return `${s.mtimeMs}:${s.size}`;
      } catch {
        return '-';
      }
    };
    return `${one(this.usersFile)}|${one(this.tokensFile)}`;
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
