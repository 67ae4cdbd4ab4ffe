import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CameraSettingsStore } from '../../../server/recording/camera-settings-store.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../../../server/recording/settings.js';

const config = { ...RECORDING_DEFAULTS, cameras: { door: { mode: 'continuous' as const, fps: 5 } } };
const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-settings-'));
  dirs.push(dir);
  return dir;
};

describe('CameraSettingsStore', () => {
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("gives the defaults, then the config file's, then an admin's change over both", () => {
    const store = new CameraSettingsStore(dataDir(), config);
    expect(store.of('yard')).toEqual(CAMERA_DEFAULTS);
    expect(store.of('door')).toMatchObject({ mode: 'continuous', fps: 5 });
    expect(store.change('door', { fps: 10 })).toMatchObject({ mode: 'continuous', fps: 10 });
  });

  it('keeps saved changes for the next start, motion settings merged with the ones before', async () => {
    const dir = dataDir();
    const store = new CameraSettingsStore(dir, config);
    store.change('door', { motion: { threshold: 40 } });
    store.change('door', { motion: { fps: 4 } });
    await store.save();
    expect(new CameraSettingsStore(dir, config).of('door').motion).toMatchObject({ threshold: 40, fps: 4 });
  });

  it('starts from the config over a saved file that does not check out and has no good copy, saying so', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'recording-cameras.json'), '{ not json');
    const lines: string[] = [];
    expect(new CameraSettingsStore(dir, config, (l) => lines.push(l)).of('door')).toMatchObject({ mode: 'continuous', fps: 5 });
    expect(lines).toEqual([expect.stringContaining('recording-cameras.json is invalid (')]);
  });

  it('restores the last good copy of a file left invalid, and says which file and what was restored', async () => {
    const dir = dataDir();
    const store = new CameraSettingsStore(dir, config);
    store.change('door', { retentionDays: 3 });
    await store.save();
    writeFileSync(path.join(dir, 'recording-cameras.json'), '{"door":{"retentionDa');
    const lines: string[] = [];
    expect(new CameraSettingsStore(dir, config, (l) => lines.push(l)).of('door').retentionDays).toBe(3);
    expect(lines).toEqual([expect.stringContaining(`restored the last good copy (${path.join(dir, 'recording-cameras.json.last-good')})`)]);
  });

  it('puts memory back to what the disk holds when a save fails', async () => {
    const dir = dataDir();
    const store = new CameraSettingsStore(dir, config);
    store.change('door', { fps: 7 });
    await store.save();
    rmSync(dir, { recursive: true });
    store.change('door', { fps: 9 });
    await expect(store.save()).rejects.toThrow(/ENOENT/);
    expect(store.of('door').fps).toBe(7);
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'])('keeps the settings of a camera called %s', async (camera) => {
    const dir = dataDir();
    const store = new CameraSettingsStore(dir, config);
    expect(store.of(camera)).toEqual(CAMERA_DEFAULTS);
    store.change(camera, { retentionDays: 4 });
    await store.save();
    expect(new CameraSettingsStore(dir, config).of(camera)).toEqual({ ...CAMERA_DEFAULTS, retentionDays: 4 });
  });
});
