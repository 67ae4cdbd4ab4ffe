/**
 * Stream tokens: read-only keys to one camera's streams for programs that cannot sign in (ffmpeg,
 * VLC, Frigate). Kept as camera tokens are (store.ts): only a SHA-256 of each in the data folder's
 * stream-tokens.json, the token itself shown once; a revoked token is deleted.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { commandSafeSecret } from '../auth/command-secret.js';
import { DataFile } from '../config/data-file.js';

/** A stream token as the API shows it: never its hash. */
export interface StreamToken {
  id: string;
  cameraId: string;
  label: string;
  createdAt: number;
}

interface StoredStreamToken extends StreamToken {
  /** sha256 of the token, hex. */
  hash: string;
}

/** Tokens per camera at most: a list an admin can read, and a bounded loop per check. */
export const STREAM_TOKENS_PER_CAMERA = 20;
/** A token longer than this is refused before it is hashed. */
const TOKEN_MAX = 256;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const shown = ({ id, cameraId, label, createdAt }: StreamToken): StreamToken => ({ id, cameraId, label, createdAt });

export class StreamTokens {
  private tokens = new Map<string, StoredStreamToken>();
  private readonly file: DataFile;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = new DataFile(path.resolve(dataDir, 'stream-tokens.json'), { check: Array.isArray });
    // No file yet, or an invalid one with no good copy (said on stderr): no tokens.
    const parsed = this.file.read();
    if (Array.isArray(parsed)) this.tokens = new Map((parsed as StoredStreamToken[]).map((t) => [t.id, t]));
  }

  list(cameraId: string): StreamToken[] {
    return [...this.tokens.values()].filter((t) => t.cameraId === cameraId).map(shown);
  }

  /** A new token for one camera, or null when it has `STREAM_TOKENS_PER_CAMERA` already; the secret is returned once. */
  create(cameraId: string, label: string): { token: StreamToken; secret: string } | null {
    if (this.list(cameraId).length >= STREAM_TOKENS_PER_CAMERA) return null;
    const secret = commandSafeSecret(24);
    const token: StoredStreamToken = { id: randomUUID(), cameraId, label: label.slice(0, 100), createdAt: Date.now(), hash: sha256(secret).toString('hex') };
    this.tokens.set(token.id, token);
    this.save();
    return { token: shown(token), secret };
  }

  /** Deletes a token of this camera; false when it has none of that id. */
  revoke(cameraId: string, id: string): boolean {
    if (this.tokens.get(id)?.cameraId !== cameraId) return false;
    this.tokens.delete(id);
    this.save();
    return true;
  }

  /** Deletes every token of a camera (it was deleted: an id used again later must not open to them); how many went. */
  revokeCamera(cameraId: string): number {
    const ids = this.list(cameraId).map((t) => t.id);
    for (const id of ids) this.tokens.delete(id);
    if (ids.length > 0) this.save();
    return ids.length;
  }

  /** The id of this camera's token that `secret` is (compared in constant time), or null. */
  match(cameraId: string, secret: string): string | null {
    if (secret.length === 0 || secret.length > TOKEN_MAX) return null;
    const given = sha256(secret);
    let match: string | null = null;
    for (const t of this.tokens.values()) if (t.cameraId === cameraId && timingSafeEqual(given, Buffer.from(t.hash, 'hex'))) match = t.id;
    return match;
  }

  has(id: string): boolean {
    return this.tokens.has(id);
  }

  private save(): void {
    this.file.writeSync(JSON.stringify([...this.tokens.values()], null, 2) + '\n');
  }
}
