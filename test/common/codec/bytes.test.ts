import { describe, expect, it } from 'vitest';
import { concat, length16 } from '../../../common/codec/bytes.js';

describe('bytes', () => {
  describe('concat', () => {
    it('puts the parts one after another in a new array, views included', () => {
      const backing = Uint8Array.of(9, 1, 2, 9);
      expect([...concat(Uint8Array.of(0), backing.subarray(1, 3), new Uint8Array(0), Uint8Array.of(3))]).toEqual([0, 1, 2, 3]);
      expect(concat()).toHaveLength(0);
    });
  });

  describe('length16', () => {
    it('writes the length big-endian before the bytes', () => {
      const unit = new Uint8Array(300).fill(7);
      const [head, body] = length16(unit);
      expect([...head!]).toEqual([1, 44]);
      expect(body).toBe(unit);
    });
  });
});
