import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdmin } from '../../../server/admin/cli.js';
import { verifyPassword } from '../../../server/auth/passwords.js';
import { AuthStore } from '../../../server/auth/store.js';

async function admin(dir: string, ...argv: string[]): Promise<string[]> {
  const lines: string[] = [];
  await runAdmin([...argv, '--data-dir', dir], (l) => lines.push(l), {});
  return lines;
}

describe('runAdmin', () => {
  it('creates, lists and revokes camera tokens; the secret is printed once and stored only as a hash', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-admin-'));
    const [created] = await admin(dir, 'token', 'create', '--camera', 'porch', '--label', 'garden PC');
    const m = created!.match(/^token (\S+) for camera (\S+): (\S+)$/)!;
    const store = new AuthStore(dir);
    expect(store.matchToken('porch', m[3]!)).toEqual({ id: m[1], revoked: false });
    expect(store.matchToken('other', m[3]!)).toBeNull();
    expect(JSON.stringify(store.listTokens())).not.toContain(m[3]!);
    expect((await admin(dir, 'token', 'list')).join('\n')).toContain('garden PC');
    await admin(dir, 'token', 'revoke', m[1]!);
    expect(new AuthStore(dir).matchToken('porch', m[3]!)).toEqual({ id: m[1], revoked: true });
    expect(new AuthStore(dir).listTokens()).toEqual([]);
  });

  it('adds viewers with their cameras, refuses bad input with one line, and keeps the last admin', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-admin-'));
    await admin(dir, 'user', 'add', 'ops', '--role', 'admin', '--password', 'long-enough-pw');
    await admin(dir, 'user', 'add', 'nanny', '--role', 'viewer', '--cameras', 'nursery,hall', '--password', 'another-long-pw');
    const store = new AuthStore(dir);
    expect(store.getUser('nanny')).toMatchObject({ role: 'viewer', cameras: ['nursery', 'hall'] });
    expect(await verifyPassword('another-long-pw', store.getUser('nanny')!.password)).toBe(true);
    await expect(admin(dir, 'user', 'add', 'x', '--password', 'short')).rejects.toThrow('at least 10 characters');
    await expect(admin(dir, 'user', 'add', 'y', '--cameras', '../etc', '--password', 'long-enough-pw')).rejects.toThrow('--cameras');
    await expect(admin(dir, 'user', 'remove', 'ops')).rejects.toThrow('last admin');
    await expect(admin(dir, 'token', 'revoke', 'nope')).rejects.toThrow('No token');
    await expect(admin(dir, 'frobnicate')).rejects.toThrow('Unknown command');
  });
});
