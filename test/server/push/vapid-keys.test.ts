import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadVapidKeys, VAPID_FILE } from '../../../server/push/vapid-keys.js';

describe('loadVapidKeys', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-vapid-'));
  afterEach(() => rmSync(path.join(dir, VAPID_FILE), { force: true }));

  it('makes a pair at first start, keeps it in the data folder readable by the relay alone, and reuses it', () => {
    const first = loadVapidKeys(dir);
    expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65);
    const file = path.join(dir, VAPID_FILE);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first);
    expect(loadVapidKeys(dir)).toEqual(first);
  });

  it('refuses a file that is not a pair rather than replacing the keys every device was given', () => {
    writeFileSync(path.join(dir, VAPID_FILE), 'not json');
    expect(() => loadVapidKeys(dir)).toThrow(/is not the relay's VAPID key pair/);
  });
});
