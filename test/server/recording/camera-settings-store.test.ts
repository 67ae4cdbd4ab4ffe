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

  it('ignores a saved file that does not check out rather than stopping the relay', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'recording-cameras.json'), '{ not json');
    expect(new CameraSettingsStore(dir, config).of('door')).toMatchObject({ mode: 'continuous', fps: 5 });
  });
});
