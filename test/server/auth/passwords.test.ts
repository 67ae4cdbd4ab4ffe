import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, randomPassword, verifyPassword, type PasswordHash } from '../../../server/auth/passwords.js';

describe('passwords', () => {
  // scrypt is slow on purpose: hash once for the file.
  let stored: PasswordHash;
  beforeAll(async () => {
    stored = await hashPassword('correct horse');
  });

  describe('hashPassword', () => {
    it('salts every hash: the same password twice gives two different records, neither holding the password', async () => {
      const again = await hashPassword('correct horse');
      expect(again.salt).not.toBe(stored.salt);
      expect(again.hash).not.toBe(stored.hash);
      expect(JSON.stringify([stored, again])).not.toContain('correct horse');
    });
  });

  describe('verifyPassword', () => {
    it('is true for the password that was hashed and false for any other', async () => {
      expect(await verifyPassword('correct horse', stored)).toBe(true);
      const others = await Promise.all(['correct horse ', 'Correct horse', ''].map((p) => verifyPassword(p, stored)));
      expect(others).toEqual([false, false, false]);
    });

    it('is true for the same password typed with composed or decomposed accents', async () => {
      const composed = await hashPassword('caf\u00e9-au-lait');
      expect(await verifyPassword('cafe\u0301-au-lait', composed)).toBe(true);
    });

    it('is false, without throwing, for a stored hash of the wrong length (a hand-edited file)', async () => {
      expect(await verifyPassword('correct horse', { ...stored, hash: stored.hash.slice(0, 20) })).toBe(false);
    });
  });

  describe('randomPassword', () => {
    it('gives 24 URL-safe characters, different every time', () => {
      const passwords = new Set(Array.from({ length: 50 }, () => randomPassword()));
      expect(passwords.size).toBe(50);
      for (const p of passwords) expect(p).toMatch(/^[A-Za-z0-9_-]{24}$/);
    });
  });
});
