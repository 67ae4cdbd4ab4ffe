import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IP_CAMERAS_MAX } from '../../../shared/ip-camera.js';
import { IpCameraStore } from '../../../server/ip-cameras/ip-camera-store.js';

describe('IpCameraStore', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'ipcam-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const porch = { id: 'porch', kind: 'rtsp' as const, url: 'rtsp://u:p@10.0.0.9/sub' };

  it('keeps cameras with their credentials in a file only its owner may read, across restarts', () => {
    new IpCameraStore(dir).put(porch);
    const file = path.join(dir, 'ip-cameras.json');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(new IpCameraStore(dir).list()).toEqual([porch]);
  });

  it('skips an entry that no longer passes the checks and says which', () => {
    writeFileSync(path.join(dir, 'ip-cameras.json'), JSON.stringify([porch, { id: 'bad', kind: 'rtsp', url: 'http://x' }]));
    const skipped: number[] = [];
    expect(new IpCameraStore(dir, { onSkipped: (i) => skipped.push(i) }).list()).toEqual([porch]);
    expect(skipped).toEqual([1]);
  });

  it(`takes at most ${IP_CAMERAS_MAX} cameras, and replaces one by id`, () => {
    const store = new IpCameraStore(dir);
    for (let i = 0; i < IP_CAMERAS_MAX; i++) expect(store.put({ ...porch, id: `c${i}` })).toBe(true);
    expect(store.put({ ...porch, id: 'one-more' })).toBe(false);
    expect(store.put({ ...porch, id: 'c0', name: 'Renamed' })).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'ip-cameras.json'), 'utf8'))).toHaveLength(IP_CAMERAS_MAX);
    expect(store.delete('c0')).toBe(true);
    expect(store.delete('c0')).toBe(false);
  });
});
