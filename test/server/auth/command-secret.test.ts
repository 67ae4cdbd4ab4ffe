import { describe, expect, it } from 'vitest';
import { commandSafeSecret } from '../../../server/auth/command-secret.js';

describe('commandSafeSecret', () => {
  it('never starts with a dash, over enough draws to meet one in 64 many times', () => {
    const firsts = new Set<string>();
    for (let i = 0; i < 4000; i++) {
      const s = commandSafeSecret(24);
      expect(s).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{31}$/);
      firsts.add(s[0]!);
    }
    expect(firsts.has('_')).toBe(true);
  });
});
