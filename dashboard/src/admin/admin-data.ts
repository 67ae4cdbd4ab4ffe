/** The admin area's data as text and back: pure, so its edge cases are unit-tested. */
import type { CameraToken, User } from '../../../shared/auth.js';
import { nodeForPosix, posixQuote } from '../../../shared/capture-command.js';
import { parseUser } from '../auth/auth.js';

/** A `CameraToken` from untrusted JSON, or null when it is not one. */
export function parseToken(value: unknown): CameraToken | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, cameraId, label, createdAt, lastUsedAt } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof cameraId !== 'string' || typeof createdAt !== 'number') return null;
  return { id, cameraId, label: typeof label === 'string' ? label : '', createdAt, ...(typeof lastUsedAt === 'number' ? { lastUsedAt } : {}) };
}

/** The well-formed entries of a JSON list; anything else is skipped rather than shown half-broken. */
function parseList<T>(value: unknown, parse: (item: unknown) => T | null): T[] {
  if (!Array.isArray(value)) return [];
  return value.map(parse).filter((item): item is T => item !== null);
}

export const parseTokens = (value: unknown): CameraToken[] => parseList(value, parseToken);
export const parseUsers = (value: unknown): User[] => parseList(value, parseUser);

/** One POSIX shell word: as is when it is safe, else in single quotes. */
export const shellQuote = posixQuote;

/** The Linux/macOS command that starts a capture client with a new token (shared/capture-command.ts builds every form). */
export function captureCommand(origin: string, cameraId: string, secret: string): string {
  return nodeForPosix({ server: origin, cameraId, token: secret });
}

/** The users form's cameras field: `*` for all, else a comma-separated list of ids. */
export function parseCameraList(text: string): '*' | string[] {
  const trimmed = text.trim();
  if (trimmed === '*') return '*';
  const ids = trimmed
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  return [...new Set(ids)];
}

/** `all`, `front-door, garage`, or `none`: a user's cameras in the list. */
export function formatCameras(cameras: User['cameras']): string {
  if (cameras === '*') return 'all';
  return cameras.length === 0 ? 'none' : cameras.join(', ');
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2024-05-01 14:03` in this browser's time zone, or `—` for a time that is not one. */
export function formatCreatedAt(ms: number): string {
  const d = new Date(ms);
  if (!Number.isFinite(d.getTime())) return '—';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
