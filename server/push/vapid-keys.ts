/**
 * The relay's VAPID key pair (RFC 8292): made at first start and kept in `<data>/push-vapid.json`
 * (mode 0600, written whole then linked into place only if no other node did first). Every device's subscription is bound to the public key:
 * new keys mean every device has to switch notifications on again, so they are never replaced.
 */
import { linkSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import webpush from 'web-push';
import { CamrelayError } from '../../shared/errors.js';
import { tmpBeside, writeNewFlushed } from '../config/write-whole.js';

export const VAPID_FILE = 'push-vapid.json';

export interface VapidKeys {
  /** base64url, the uncompressed P-256 point browsers take as `applicationServerKey`. */
  publicKey: string;
  privateKey: string;
}

const isKeys = (v: unknown): v is VapidKeys =>
  typeof v === 'object' && v !== null && typeof (v as VapidKeys).publicKey === 'string' && typeof (v as VapidKeys).privateKey === 'string';

/** The saved pair, or a new one saved first; throws BAD_CONFIG when the file is there but not a pair. */
export function loadVapidKeys(dataDir: string): VapidKeys {
  const file = path.join(dataDir, VAPID_FILE);
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text !== null) {
    let saved: unknown;
    try {
      saved = JSON.parse(text);
    } catch {
      saved = null;
    }
    if (isKeys(saved)) return { publicKey: saved.publicKey, privateKey: saved.privateKey };
    throw new CamrelayError(
      'BAD_CONFIG',
      `${file} is not the relay's VAPID key pair; move it away to make a new one (devices then switch notifications on again).`,
    );
  }
  const keys = webpush.generateVAPIDKeys();
  mkdirSync(dataDir, { recursive: true });
  const tmp = tmpBeside(file);
  writeNewFlushed(tmp, JSON.stringify(keys, null, 2) + '\n');
  try {
    // Whole, and only if absent: a cluster node starting at the same moment keeps the pair written first.
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return loadVapidKeys(dataDir);
  } finally {
    rmSync(tmp, { force: true });
  }
  return keys;
}
