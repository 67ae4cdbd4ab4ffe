import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CameraStore, type CameraStoreOptions, type Sighting } from '../../../server/camera-keeper/camera-store.js';
import { waitFor } from '../../helpers/wait.js';

const dirs: string[] = [];
const stores: CameraStore[] = [];
afterEach(() => {
  stores.splice(0).forEach((s) => s.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-store-'));
  dirs.push(dir);
  return dir;
}

function store(dir: string, options: Partial<CameraStoreOptions> = {}): CameraStore {
  const s = new CameraStore(dir, { maxCameras: 8, saveDelayMs: 20, ...options });
  stores.push(s);
  return s;
}

const seen = (lastSeen: number, more: Partial<Sighting> = {}): Sighting => ({ clientName: null, width: 640, height: 360, lastSeen, ...more });
const onDisk = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'cameras.json'), 'utf8')) as Array<Record<string, unknown>>;

describe('CameraStore', () => {
  describe('#note', () => {
    it('adds a new camera at the end of the list and writes it within the save delay', async () => {
      const dir = folder();
      const s = store(dir, { now: () => 1000 });
      s.note('porch', seen(900, { clientName: 'Porch' }));
      s.note('yard', seen(950));
      expect(s.list().map((c) => [c.id, c.order])).toEqual([
        ['porch', 0],
        ['yard', 1],
      ]);
      await waitFor(() => onDisk(dir).length === 2, 'both cameras in cameras.json');
      expect(onDisk(dir)[0]).toEqual({
        id: 'porch',
        name: null,
        clientName: 'Porch',
        group: null,
        order: 0,
        firstSeen: 1000,
        lastSeen: 900,
        width: 640,
        height: 360,
        sound: false,
      });
    });

    it('refuses a new camera once it holds maxCameras', () => {
      const s = store(folder(), { maxCameras: 2 });
      expect(['a', 'b', 'c'].map((id) => s.note(id, seen(1)))).toEqual([true, true, false]);
      expect(s.note('a', seen(2))).toBe(true);
      expect(s.size).toBe(2);
    });

    it('writes nothing for a newer lastSeen alone, and keeps it for the next write', async () => {
      const dir = folder();
      const s = store(dir);
      s.note('porch', seen(1));
      await waitFor(() => onDisk(dir).length === 1, 'the camera written');
      const stamp = statSync(path.join(dir, 'cameras.json')).mtimeMs;
      s.note('porch', seen(5000));
      s.note('other', seen(6000));
      await waitFor(() => onDisk(dir).length === 2, 'the next write');
      expect(statSync(path.join(dir, 'cameras.json')).mtimeMs).not.toBe(stamp);
      expect(onDisk(dir)[0]).toMatchObject({ id: 'porch', lastSeen: 5000 });
    });

    it('never moves lastSeen back', () => {
      const s = store(folder());
      s.note('porch', seen(5000));
      s.note('porch', seen(10));
      expect(s.get('porch')!.lastSeen).toBe(5000);
    });
  });

  describe('#update', () => {
    it('sets a name and a group, null clears them, and a new store on the folder reads them back', () => {
      const dir = folder();
      const s = store(dir);
      s.note('porch', seen(1, { clientName: 'Porch cam' }));
      expect(s.update('porch', { name: 'Front porch', group: 'Outside' }, seen(1))).toMatchObject({
        name: 'Front porch',
        clientName: 'Porch cam',
        group: 'Outside',
      });
      expect(store(dir).get('porch')).toMatchObject({ name: 'Front porch', group: 'Outside' });
      s.update('porch', { name: null }, seen(1));
      expect(store(dir).get('porch')).toMatchObject({ name: null, clientName: 'Porch cam', group: 'Outside' });
    });

    it('adds a camera it did not hold yet, and answers null when full', () => {
      const s = store(folder(), { maxCameras: 1 });
      expect(s.update('gate', { group: 'Outside' }, seen(7))).toMatchObject({ id: 'gate', group: 'Outside', lastSeen: 7 });
      expect(s.update('other', { group: 'Outside' }, seen(7))).toBeNull();
    });
  });

  describe('#reorder', () => {
    it('puts the listed cameras first in that order, the others after as they were, skipping unknown ids', () => {
      const dir = folder();
      const s = store(dir);
      for (const id of ['a', 'b', 'c', 'd']) s.note(id, seen(1));
      expect(s.reorder(['c', 'nope', 'a'])).toEqual(['c', 'a', 'b', 'd']);
      expect(
        store(dir)
          .list()
          .map((c) => c.id),
      ).toEqual(['c', 'a', 'b', 'd']);
      s.note('e', seen(1));
      expect(s.list().at(-1)!.id).toBe('e');
    });
  });

  describe('#remove', () => {
    it('drops a camera from the list and the file', () => {
      const dir = folder();
      const s = store(dir);
      s.note('a', seen(1));
      s.note('b', seen(1));
      expect(s.remove('a')).toBe(true);
      expect(s.remove('a')).toBe(false);
      expect(
        store(dir)
          .list()
          .map((c) => c.id),
      ).toEqual(['b']);
    });
  });

  describe('reading the file', () => {
    it('drops malformed entries, duplicates and ids that are not camera ids, and keeps at most maxCameras', () => {
      const dir = folder();
      const entries = [
        { id: 'b', order: 2, name: 'B', lastSeen: 5, width: 10, height: 20, sound: false },
        { id: 'a', order: 1, group: 'x'.repeat(65), width: 10 },
        { id: 'b', order: 0 },
        { id: '../etc/passwd', order: 0 },
        { id: 'c', order: 3 },
        null,
        'd',
      ];
      writeFileSync(path.join(dir, 'cameras.json'), JSON.stringify(entries));
      const s = store(dir, { maxCameras: 2 });
      expect(s.list()).toEqual([
        { id: 'a', name: null, clientName: null, group: null, order: 0, firstSeen: 0, lastSeen: 0, width: null, height: null, sound: false },
        { id: 'b', name: 'B', clientName: null, group: null, order: 1, firstSeen: 0, lastSeen: 5, width: 10, height: 20, sound: false },
      ]);
    });

    it('keeps the list in memory when the file turns unreadable, reports it once, and replaces it at the next write', () => {
      const dir = folder();
      const errors: string[] = [];
      const s = store(dir, { onError: (err) => errors.push(err.message) });
      s.update('porch', { name: 'Porch' }, seen(1));
      writeFileSync(path.join(dir, 'cameras.json'), '{ not json');
      s.update('yard', { group: 'Outside' }, seen(1));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('could not be read');
      expect(onDisk(dir).map((c) => [c.id, c.name])).toEqual([
        ['porch', 'Porch'],
        ['yard', null],
      ]);
    });
  });

  describe('two stores on one folder (cluster nodes)', () => {
    it("reads the other's change within the watch interval, with the cameras it deleted", async () => {
      const dir = folder();
      const a = store(dir);
      a.note('porch', seen(1));
      a.note('yard', seen(1));
      a.close();
      const b = store(dir);
      const reloads: string[][] = [];
      b.onReload((removed) => reloads.push(removed));
      b.watch(20);
      const c = store(dir);
      c.update('porch', { name: 'Front' }, seen(1));
      c.remove('yard');
      await waitFor(() => b.get('porch')?.name === 'Front' && !b.has('yard'), 'the rename and the deletion read by the other store');
      expect(reloads.flat()).toEqual(['yard']);
    });

    it("loses neither node's change: a write re-reads the file first", () => {
      const dir = folder();
      const a = store(dir);
      const b = store(dir);
      a.note('porch', seen(1, { clientName: 'Porch' }));
      b.update('gate', { name: 'Gate' }, seen(1));
      a.update('porch', { group: 'Outside' }, seen(1));
      b.reorder(['porch', 'gate']);
      expect(onDisk(dir).map((c) => [c.id, c.name, c.clientName, c.group])).toEqual([
        ['porch', null, 'Porch', 'Outside'],
        ['gate', 'Gate', null, null],
      ]);
    });

    it('does not bring back a camera deleted on the other node through a sighting it had not written', () => {
      const dir = folder();
      const a = store(dir);
      a.note('porch', seen(1));
      a.close();
      const live = store(dir);
      live.note('porch', seen(500)); // the node that has the camera, its sighting not written yet
      store(dir).remove('porch');
      live.update('gate', { name: 'Gate' }, seen(1));
      expect(live.has('porch')).toBe(false);
      expect(onDisk(dir).map((c) => c.id)).toEqual(['gate']);
    });
  });
});
