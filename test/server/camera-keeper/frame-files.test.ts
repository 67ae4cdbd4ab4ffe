import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameFiles } from '../../../server/camera-keeper/frame-files.js';
import { waitFor } from '../../helpers/wait.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-frames-'));
  dirs.push(dir);
  return path.join(dir, 'cameras');
}

/** Stand-in frames: FrameFiles stores bytes, it does not read them. */
const frame = (n: number) => Buffer.from(`frame ${n}`);

describe('FrameFiles', () => {
  describe('#offer', () => {
    it('writes the first frame at once, then at most once per interval, always the newest', async () => {
      const dir = folder();
      const files = new FrameFiles(dir, { everyMs: 300 });
      files.offer('porch', frame(0), 1_700_000_000_000);
      await waitFor(() => files.written === 1, 'the first frame written');
      for (let i = 1; i <= 50; i++) files.offer('porch', frame(i), 1_700_000_000_000 + i);
      await waitFor(() => files.written === 2, 'the second write, after the interval');
      expect(readFileSync(path.join(dir, 'porch.jpg')).toString()).toBe('frame 50');
      expect(readdirSync(dir)).toEqual(['porch.jpg']);
      await files.close();
      expect(files.written).toBe(2);
    });

    it("gives the file the frame's arrival time", async () => {
      const dir = folder();
      const files = new FrameFiles(dir);
      files.offer('porch', frame(1), 1_600_000_000_000);
      await files.close();
      expect(statSync(path.join(dir, 'porch.jpg')).mtimeMs).toBe(1_600_000_000_000);
      expect(new FrameFiles(dir).timeOf('porch')).toBe(1_600_000_000_000);
    });
  });

  describe('#close', () => {
    it('writes the frame still waiting for its turn', async () => {
      const dir = folder();
      const files = new FrameFiles(dir, { everyMs: 60_000 });
      files.offer('porch', frame(1), 1000);
      files.offer('porch', frame(2), 2000);
      await files.close();
      expect(readFileSync(path.join(dir, 'porch.jpg')).toString()).toBe('frame 2');
      files.offer('porch', frame(3), 3000); // after close: ignored
      expect(files.written).toBe(2);
    });
  });

  describe('#read', () => {
    it('answers the stored frame and its time, or null when there is none', async () => {
      const dir = folder();
      const files = new FrameFiles(dir);
      files.offer('porch', frame(7), 1_650_000_000_000);
      await files.close();
      const again = new FrameFiles(dir);
      expect(await again.read('porch')).toEqual({ jpeg: frame(7), at: 1_650_000_000_000 });
      expect(await again.read('yard')).toBeNull();
      expect(again.timeOf('yard')).toBeNull();
    });

    it('never reads or writes outside its folder, whatever id it is given', async () => {
      const dir = folder();
      writeFileSync(path.join(dir, '..', 'secret.jpg'), 'secret');
      const files = new FrameFiles(dir);
      expect(await files.read('../secret')).toBeNull();
      files.offer('../evil', frame(1), 1000);
      await files.close();
      expect(existsSync(path.join(dir, '..', 'evil.jpg'))).toBe(false);
      expect(files.written).toBe(0);
    });
  });

  describe('#remove', () => {
    it('deletes the stored frame, also when a write was in flight', async () => {
      const dir = folder();
      const files = new FrameFiles(dir);
      files.offer('porch', frame(1), 1000);
      await files.remove('porch');
      expect(existsSync(path.join(dir, 'porch.jpg'))).toBe(false);
      await files.close();
      expect(readdirSync(dir)).toEqual([]);
    });
  });

  describe('#prune', () => {
    it('deletes the frames of cameras not kept and temporary files a crash left, not those of a write under way', async () => {
      const dir = folder();
      const files = new FrameFiles(dir);
      for (const name of ['kept.jpg', 'deleted.jpg', 'crash.jpg.0a1b2c.tmp', 'writing.jpg.3d4e5f.tmp']) writeFileSync(path.join(dir, name), 'x');
      utimesSync(path.join(dir, 'crash.jpg.0a1b2c.tmp'), new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
      await files.prune((id) => id === 'kept');
      expect(readdirSync(dir).sort()).toEqual(['kept.jpg', 'writing.jpg.3d4e5f.tmp']);
    });
  });
});
