import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DETECT_DEFAULTS } from '../../../common/detect/detect-settings.js';
import { DetectionStore } from '../../../server/detection/detection-store.js';

const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-detect-store-'));
  dirs.push(dir);
  return dir;
};

describe('DetectionStore', () => {
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'])(
    'gives the defaults to, and keeps the settings of, a camera called %s',
    async (camera) => {
      const dir = dataDir();
      const store = new DetectionStore(dir);
      expect(store.of(camera)).toEqual(DETECT_DEFAULTS);
      await store.set(camera, { ...DETECT_DEFAULTS, enabled: true, rate: 3 });
      const again = new DetectionStore(dir);
      expect(again.of(camera)).toMatchObject({ enabled: true, rate: 3 });
      expect(again.enabled()).toEqual([camera]);
      await again.forget(camera);
      expect(new DetectionStore(dir).of(camera)).toEqual(DETECT_DEFAULTS);
    },
  );

  it('keeps every camera of saves made at once', async () => {
    const dir = dataDir();
    const store = new DetectionStore(dir);
    await Promise.all(Array.from({ length: 24 }, (_, i) => store.set(`cam${i}`, { ...DETECT_DEFAULTS, rate: (i + 1) / 5 })));
    const again = new DetectionStore(dir);
    for (let i = 0; i < 24; i++) expect(again.of(`cam${i}`).rate).toBe((i + 1) / 5);
  });

  it('puts memory back to what the disk holds when a save fails, for the saves waiting behind it too', async () => {
    const dir = dataDir();
    const store = new DetectionStore(dir);
    await store.set('door', { ...DETECT_DEFAULTS, rate: 1 });
    rmSync(dir, { recursive: true });
    const saves = [store.set('door', { ...DETECT_DEFAULTS, rate: 4 }), store.set('yard', { ...DETECT_DEFAULTS, rate: 4 })];
    for (const s of saves) await expect(s).rejects.toThrow(/ENOENT/);
    expect([store.of('door').rate, store.of('yard')]).toEqual([1, DETECT_DEFAULTS]);
  });

  it('restores the last good copy of a file left invalid, and says so', async () => {
    const dir = dataDir();
    await new DetectionStore(dir).set('door', { ...DETECT_DEFAULTS, rate: 3 });
    writeFileSync(path.join(dir, 'detection-cameras.json'), '{"door":');
    const lines: string[] = [];
    expect(new DetectionStore(dir, (l) => lines.push(l)).of('door').rate).toBe(3);
    expect(lines).toEqual([expect.stringMatching(/detection-cameras\.json is invalid \(.*\): restored the last good copy/)]);
  });
});
