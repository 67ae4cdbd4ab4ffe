import { describe, expect, it } from 'vitest';
import { ReaderSlots } from '../../../server/streams/reader-slots.js';

describe('ReaderSlots', () => {
  describe('#take', () => {
    it('refuses a reader past its own bound while another reader of the camera still gets a place', () => {
      const slots = new ReaderSlots({ perCamera: 4, perReader: 2 });
      expect(slots.take('yard', 'token:a').ok).toBe(true);
      expect(slots.take('yard', 'token:a').ok).toBe(true);
      expect(slots.take('yard', 'token:a')).toEqual({ ok: false, full: 'reader' });
      expect(slots.take('yard', 'token:b').ok).toBe(true);
      // The same token on another camera is another reader.
      expect(slots.take('porch', 'token:a').ok).toBe(true);
    });

    it('refuses every reader once the camera is full, and lets one in again when a place is given back', () => {
      const slots = new ReaderSlots({ perCamera: 2, perReader: 2 });
      const first = slots.take('yard', 'token:a');
      expect(slots.take('yard', 'token:b').ok).toBe(true);
      expect(slots.take('yard', 'token:c')).toEqual({ ok: false, full: 'camera' });
      if (!first.ok) throw new Error('the first place was refused');
      first.release();
      first.release();
      expect(slots.held('yard')).toBe(1);
      expect(slots.take('yard', 'token:c').ok).toBe(true);
    });
  });
});
