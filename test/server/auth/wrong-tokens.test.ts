import { describe, expect, it } from 'vitest';
import { WrongTokens } from '../../../server/auth/wrong-tokens.js';

describe('WrongTokens', () => {
  describe('#repeated', () => {
    it('is false for a token the address has not sent lately, true for the same token again', () => {
      const wrong = new WrongTokens();
      expect(wrong.repeated('10.0.0.1', 'typo')).toBe(false);
      expect(wrong.repeated('10.0.0.1', 'typo')).toBe(true);
      expect(wrong.repeated('10.0.0.1', 'other')).toBe(false);
      expect(wrong.repeated('10.0.0.2', 'typo')).toBe(false);
    });

    it('forgets a token after the window', () => {
      let now = 0;
      const wrong = new WrongTokens(60_000, 100, () => now);
      wrong.repeated('a', 'typo');
      now = 59_000;
      expect(wrong.repeated('a', 'typo')).toBe(true);
      now = 59_000 + 60_001;
      expect(wrong.repeated('a', 'typo')).toBe(false);
    });

    it('treats a missing token as one token, and stays bounded', () => {
      const wrong = new WrongTokens(60_000, 3);
      expect(wrong.repeated('a', undefined)).toBe(false);
      expect(wrong.repeated('a', 42)).toBe(true);
      for (let i = 0; i < 10; i++) wrong.repeated('a', `t${i}`);
      // The oldest went first: the missing token is new again.
      expect(wrong.repeated('a', undefined)).toBe(false);
    });
  });
});
