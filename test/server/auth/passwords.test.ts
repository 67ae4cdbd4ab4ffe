import { describe, expect, it } from 'vitest';
import { hashPassword, randomPassword, verifyPassword } from '../../../server/auth/passwords.js';

describe('passwords', () => {
  describe('hashPassword', () => {
    it('salts every hash: the same password twice gives two different records', async () => {
      const [a, b] = await Promise.all([hashPassword('correct horse'), hashPassword('correct horse')]);
      expect(a.salt).not.toBe(b.salt);
      expect(a.hash).not.toBe(b.hash);
      expect(JSON.stringify(a)).not.toContain('correct horse');
    });
  });

  describe('verifyPassword', () => {
    it('is true for the password that was hashed and false for any other', async () => {
      const stored = await hashPassword('correct horse');
      expect(await verifyPassword('correct horse', stored)).toBe(true);
      expect(await verifyPassword('correct horse ', stored)).toBe(false);
      expect(await verifyPassword('Correct horse', stored)).toBe(false);
      expect(await verifyPassword('', stored)).toBe(false);
    });

    it('is true for the same password typed with composed or decomposed accents', async () => {
      const stored = await hashPassword('caf\u00e9-au-lait');
      expect(await verifyPassword('cafe\u0301-au-lait', stored)).toBe(true);
    });

    it('is false, without throwing, for a stored hash of the wrong length (a hand-edited file)', async () => {
      const stored = await hashPassword('correct horse');
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
