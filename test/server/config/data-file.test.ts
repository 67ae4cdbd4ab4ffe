import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFile } from '../../../server/config/data-file.js';

const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-data-file-'));
  dirs.push(dir);
  return dir;
};

describe('DataFile', () => {
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  describe('#write', () => {
    it('writes one at a time, the ones asked for meanwhile joined into one with the newest content', async () => {
      const file = path.join(dataDir(), 'x.json');
      const df = new DataFile(file);
      const serialized: number[] = [];
      const saves = Array.from({ length: 20 }, (_, i) =>
        df.write(() => {
          serialized.push(i);
          return JSON.stringify({ n: i });
        }),
      );
      await Promise.all(saves);
      // Asked for in one tick, all twenty join one write, serialized when its turn came: the newest.
      expect(serialized).toEqual([19]);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ n: 19 });
      await df.write(() => JSON.stringify({ n: 20 }));
      const during = df.write(() => JSON.stringify({ n: 21 }));
      await Promise.all([during, df.write(() => JSON.stringify({ n: 22 }))]);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ n: 22 });
      expect(JSON.parse(readFileSync(`${file}.last-good`, 'utf8'))).toEqual({ n: 22 });
      expect(readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });

    it('fails the write that failed and the one waiting after it, and keeps what the disk holds as onDisk', async () => {
      const dir = dataDir();
      const file = path.join(dir, 'x.json');
      const df = new DataFile(file);
      await df.write(() => '{"n":1}');
      rmSync(dir, { recursive: true });
      const first = df.write(() => '{"n":2}');
      const second = df.write(() => '{"n":3}');
      await expect(first).rejects.toThrow(/ENOENT/);
      await expect(second).rejects.toThrow(/ENOENT/);
      expect(df.onDisk).toBe('{"n":1}');
    });
  });

  describe('#flush', () => {
    it('settles after a write whose content could not be made', async () => {
      const df = new DataFile(path.join(dataDir(), 'x.json'));
      const failed = df.write(() => {
        throw new Error('no content');
      });
      await expect(failed).rejects.toThrow('no content');
      await df.flush();
    });
  });

  describe('#read', () => {
    it('gives undefined for a file that is not there, and says nothing', () => {
      const lines: string[] = [];
      expect(new DataFile(path.join(dataDir(), 'x.json'), { warn: (l) => lines.push(l) }).read()).toBeUndefined();
      expect(lines).toEqual([]);
    });

    it('restores the last good copy of an invalid file, keeps the invalid one aside, and says which file and what was restored', async () => {
      const dir = dataDir();
      const file = path.join(dir, 'x.json');
      await new DataFile(file).write(() => '{"door":{"rate":3}}');
      writeFileSync(file, '{"door":{"ra');
      const lines: string[] = [];
      const df = new DataFile(file, { warn: (l) => lines.push(l) });
      expect(df.read()).toEqual({ door: { rate: 3 } });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`${file} is invalid (`);
      expect(lines[0]).toContain(`restored the last good copy (${file}.last-good)`);
      const aside = readdirSync(dir).find((f) => f.startsWith('x.json.invalid-'))!;
      expect(lines[0]).toContain(`the invalid file kept as ${path.join(dir, aside)}`);
      expect(readFileSync(path.join(dir, aside), 'utf8')).toBe('{"door":{"ra');
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ door: { rate: 3 } });
    });

    it('treats content its check refuses as invalid', async () => {
      const file = path.join(dataDir(), 'x.json');
      await new DataFile(file).write(() => '{"a":1}');
      writeFileSync(file, '[1,2]');
      const lines: string[] = [];
      const df = new DataFile(file, { warn: (l) => lines.push(l), check: (v) => !Array.isArray(v) });
      expect(df.read()).toEqual({ a: 1 });
      expect(lines[0]).toContain('not the shape this file holds');
    });

    it('says so, and keeps the invalid file aside, when there is no good copy to restore', () => {
      const dir = dataDir();
      const file = path.join(dir, 'x.json');
      writeFileSync(file, 'nope');
      const lines: string[] = [];
      expect(new DataFile(file, { warn: (l) => lines.push(l) }).read()).toBeUndefined();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/x\.json is invalid \(.*\) and there is no good copy to restore: starting without its settings; the invalid file kept as /);
      expect(readdirSync(dir).some((f) => f.startsWith('x.json.invalid-'))).toBe(true);
    });
  });

  describe('#writeSync', () => {
    it('writes the file and its last good copy whole', () => {
      const file = path.join(dataDir(), 'x.json');
      new DataFile(file).writeSync('{"b":2}\n');
      expect(readFileSync(file, 'utf8')).toBe('{"b":2}\n');
      expect(readFileSync(`${file}.last-good`, 'utf8')).toBe('{"b":2}\n');
      expect(existsSync(`${file}.tmp`)).toBe(false);
    });
  });
});
