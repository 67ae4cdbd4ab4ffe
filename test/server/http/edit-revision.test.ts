import { describe, expect, it } from 'vitest';
import { NO_ENTRY, readRevision, revisionOf, SaveMarks } from '../../../server/http/edit-revision.js';

describe('revisionOf', () => {
  it('is 16 hex digits that change with the value, and keyed when given a key', () => {
    const a = revisionOf({ fps: 15 });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(revisionOf({ fps: 15 })).toBe(a);
    expect(revisionOf({ fps: 10 })).not.toBe(a);
    const key = Buffer.alloc(32, 7);
    expect(revisionOf({ fps: 15 }, key)).not.toBe(a);
    expect(revisionOf({ fps: 15 }, key)).toBe(revisionOf({ fps: 15 }, Buffer.alloc(32, 7)));
    expect(a).not.toBe(NO_ENTRY);
  });
});

describe('readRevision', () => {
  it('takes none (a save as before) or a short token, and refuses anything else naming the field', () => {
    expect(readRevision(undefined)).toEqual({ ok: true, value: null });
    expect(readRevision(null)).toEqual({ ok: true, value: null });
    expect(readRevision('new')).toEqual({ ok: true, value: 'new' });
    expect(readRevision('a'.repeat(64))).toEqual({ ok: true, value: 'a'.repeat(64) });
    for (const bad of ['', 'a'.repeat(65), 'a b', '../x', 7, {}, ['a']]) {
      const r = readRevision(bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      if (!r.ok) expect([r.error.code, r.error.field]).toEqual(['BAD_REVISION', 'revision']);
    }
  });
});

describe('SaveMarks', () => {
  it('names who saved only while the revision is the one their save made', () => {
    const marks = new SaveMarks();
    marks.mark('door', 'ana', 1000, 'r1');
    expect(marks.info('door', 'r1')).toEqual({ revision: 'r1', savedBy: 'ana', savedAt: 1000 });
    // Changed since by something that left no mark (an MQTT command, a restart): nobody is named.
    expect(marks.info('door', 'r2')).toEqual({ revision: 'r2', savedBy: null, savedAt: null });
    expect(marks.info('yard', 'r1')).toEqual({ revision: 'r1', savedBy: null, savedAt: null });
  });

  it('keeps at most 1024 marks, the oldest going first, and cuts a long author', () => {
    const marks = new SaveMarks();
    for (let i = 0; i <= 1024; i++) marks.mark(`c${i}`, 'x'.repeat(100), i, 'r');
    expect(marks.info('c0', 'r').savedBy).toBeNull();
    expect(marks.info('c1', 'r').savedBy).toBe('x'.repeat(64));
    expect(marks.info('c1024', 'r').savedAt).toBe(1024);
  });
});
