/** Each user's seen marks: kept per user, capped by the oldest event, merged across tabs, saved whole and restored when the file is damaged. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SeenStore } from '../../../server/review/seen-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-seen-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mark = (key: string, start: number) => ({ key, start });
const reopen = () => new SeenStore(dir, { warn: () => {} });

describe('SeenStore', () => {
  describe('#mark', () => {
    it('marks items seen for one user only, and counts what changed', async () => {
      const store = reopen();
      expect(await store.mark('ana', [mark('door/1', 1), mark('door/2', 2)])).toBe(2);
      expect(await store.mark('ana', [mark('door/1', 1)])).toBe(0);
      expect([store.has('ana', 'door/1'), store.has('ben', 'door/1')]).toEqual([true, false]);
    });

    it('takes marks off with seen false', async () => {
      const store = reopen();
      await store.mark('ana', [mark('door/1', 1), mark('door/2', 2)]);
      expect(await store.mark('ana', [mark('door/1', 1), mark('door/9', 9)], false)).toBe(1);
      expect([store.has('ana', 'door/1'), store.has('ana', 'door/2')]).toEqual([false, true]);
    });

    it('keeps at most its cap per user, dropping the marks of the oldest events first', async () => {
      const store = new SeenStore(dir, { marksPerUser: 3 });
      await store.mark('ana', [mark('a/5', 5), mark('a/1', 1), mark('a/3', 3)]);
      await store.mark('ana', [mark('a/4', 4), mark('a/2', 2)]);
      expect(['a/1', 'a/2', 'a/3', 'a/4', 'a/5'].map((k) => store.has('ana', k))).toEqual([false, false, true, true, true]);
      await store.mark('ben', [mark('a/1', 1)]);
      expect(store.count('ben')).toBe(1);
    });

    it('keeps the marks of two tabs of one user made at once, on disk too', async () => {
      const store = reopen();
      await Promise.all([store.mark('ana', [mark('door/1', 1)]), store.mark('ana', [mark('yard/2', 2)]), store.mark('ben', [mark('gate/3', 3)])]);
      const again = reopen();
      expect([again.has('ana', 'door/1'), again.has('ana', 'yard/2'), again.has('ben', 'gate/3'), again.has('ben', 'door/1')]).toEqual([
        true,
        true,
        true,
        false,
      ]);
    });

    it('keys users and marks by any text a client sends, __proto__ included', async () => {
      const store = reopen();
      await store.mark('__proto__', [mark('constructor', 1)]);
      expect(reopen().has('__proto__', 'constructor')).toBe(true);
      expect(reopen().has('ana', 'constructor')).toBe(false);
    });
  });

  describe('#keepOnly', () => {
    it('drops the marks of users no longer known', async () => {
      const store = reopen();
      await store.mark('ana', [mark('door/1', 1)]);
      await store.mark('ben', [mark('door/1', 1)]);
      await store.keepOnly(new Set(['ben']));
      expect([reopen().count('ana'), reopen().count('ben')]).toEqual([0, 1]);
    });
  });

  describe('its file', () => {
    it('is review-seen.json, restored from its last good copy when damaged, with one line said', async () => {
      await reopen().mark('ana', [mark('door/1', 1)]);
      const file = path.join(dir, 'review-seen.json');
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([{ user: 'ana', marks: [['door/1', 1]] }]);
      writeFileSync(file, '[{"user": "ana", "ma');
      const warned: string[] = [];
      const store = new SeenStore(dir, { warn: (line) => warned.push(line) });
      expect(store.has('ana', 'door/1')).toBe(true);
      expect(warned).toHaveLength(1);
      expect(warned[0]).toMatch(/review-seen\.json is invalid .*restored the last good copy/);
    });

    it('skips entries that do not check out rather than refusing to start', () => {
      writeFileSync(path.join(dir, 'review-seen.json'), JSON.stringify([{ user: 'ana', marks: [['door/1', 1], ['bad', 'x'], 7] }, { user: 5 }, null]));
      const store = reopen();
      expect([store.count('ana'), store.has('ana', 'door/1')]).toEqual([1, true]);
    });
  });
});
