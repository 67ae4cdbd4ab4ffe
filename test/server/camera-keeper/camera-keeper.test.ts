import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CameraKeeper } from '../../../server/camera-keeper/camera-keeper.js';
import { CameraStore } from '../../../server/camera-keeper/camera-store.js';
import { FrameFiles } from '../../../server/camera-keeper/frame-files.js';
import { Relay } from '../../../server/relay/relay.js';
import { makeJpeg } from '../../helpers/jpeg.js';
import { waitFor } from '../../helpers/wait.js';

interface Node {
  relay: Relay;
  store: CameraStore;
  keeper: CameraKeeper;
  close(): Promise<void>;
}

const dirs: string[] = [];
const nodes: Node[] = [];
afterEach(async () => {
  for (const n of nodes.splice(0)) await n.close();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-keeper-'));
  dirs.push(dir);
  return dir;
}

/** A relay with its saved list on `dir`, as startServer wires them, without any transport. */
function node(dir: string, opts: { forgetAfterMs?: number; tickMs?: number; maxSaved?: number } = {}): Node {
  const store = new CameraStore(dir, { maxCameras: opts.maxSaved ?? 8, saveDelayMs: 20 });
  const relay = new Relay({ maxFrameBytes: 64 * 1024, maxDimension: 4096, offlineAfterMs: 200, stallAfterMs: 100, keep: (id) => store.has(id), ...opts });
  const keeper = new CameraKeeper(relay, store, new FrameFiles(path.join(dir, 'cameras'), { everyMs: 50 }));
  store.watch(20);
  let closed = false;
  const n: Node = {
    relay,
    store,
    keeper,
    async close() {
      if (closed) return;
      closed = true;
      relay.close();
      await keeper.close();
    },
  };
  nodes.push(n);
  return n;
}

describe('CameraKeeper', () => {
  it('lists saved cameras offline after a restart, with their name, size, last sighting and group, in the saved order', async () => {
    const dir = folder();
    const first = node(dir);
    const jpeg = await makeJpeg(64, 48);
    first.relay.ingest('yard', { seq: 0, capturedAt: 1 }, jpeg, 'http', 'Yard cam');
    first.relay.ingest('porch', { seq: 0, capturedAt: 1 }, jpeg, 'http');
    await waitFor(() => first.store.size === 2, 'both cameras saved');
    expect(first.keeper.update('porch', { name: 'Front porch', group: 'Outside' }).ok).toBe(true);
    first.keeper.reorder(['porch', 'yard']);
    const receivedAt = first.relay.latestFrame('yard')!.receivedAt;
    await first.close();
    const closedAt = Date.now();

    const second = node(dir);
    expect(second.relay.cameras.list()).toMatchObject([
      { id: 'porch', name: 'Front porch', group: 'Outside', online: false, status: 'offline', width: 64, height: 48, framesIn: 0, ingest: null },
      { id: 'yard', name: 'Yard cam', group: null, online: false, status: 'offline', width: 64, height: 48 },
    ]);
    // When it was last seen: its last frame, or later while it was still connected.
    const lastSeen = second.relay.cameras.get('yard')!.lastFrameAt!;
    expect(lastSeen).toBeGreaterThanOrEqual(receivedAt);
    expect(lastSeen).toBeLessThanOrEqual(closedAt);
    const stored = await second.keeper.storedFrame('yard');
    expect(stored?.jpeg.equals(jpeg)).toBe(true);
    expect(stored?.at).toBe(receivedAt);
  });

  it("shows an admin's name over the capture client's, and the client's again once cleared", async () => {
    const n = node(folder());
    n.relay.ingest('porch', { seq: 0, capturedAt: 1 }, await makeJpeg(), 'http', 'Porch');
    n.keeper.update('porch', { name: 'Front door' });
    n.relay.ingest('porch', { seq: 1, capturedAt: 2 }, await makeJpeg(), 'http', 'Porch renamed by its client');
    expect(n.relay.cameras.get('porch')!.name).toBe('Front door');
    n.keeper.update('porch', { name: null });
    expect(n.relay.cameras.get('porch')!.name).toBe('Porch renamed by its client');
  });

  it('refuses to change a camera it does not know', () => {
    const n = node(folder());
    expect(n.keeper.update('ghost', { name: 'x' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CAMERA' } });
    expect(n.keeper.remove('ghost')).toBe(false);
  });

  it('forgets an offline camera the full saved list could not take after forgetAfterMs, never a saved one', async () => {
    const n = node(folder(), { forgetAfterMs: 1, tickMs: 10, maxSaved: 1 });
    n.relay.ingest('porch', { seq: 0, capturedAt: 1 }, await makeJpeg(), 'http');
    n.relay.ingest('extra', { seq: 0, capturedAt: 1 }, await makeJpeg(), 'http');
    await waitFor(() => n.store.has('porch'), 'the first camera saved');
    await waitFor(() => n.relay.cameras.getLocal('extra') === undefined, 'the unsaved camera forgotten');
    expect(n.store.has('extra')).toBe(false);
    expect(n.relay.cameras.get('porch')).toMatchObject({ status: 'offline' });
  });

  it('deletes a camera from the list, the saved list and the disk, and tells the transports', async () => {
    const dir = folder();
    const n = node(dir);
    const removed: string[] = [];
    n.relay.onCameraRemoved((id) => removed.push(id));
    n.relay.ingest('porch', { seq: 0, capturedAt: 1 }, await makeJpeg(), 'http');
    await waitFor(() => existsSync(path.join(dir, 'cameras', 'porch.jpg')), 'its frame on disk');
    expect(n.keeper.remove('porch')).toBe(true);
    expect(removed).toEqual(['porch']);
    expect(n.relay.cameras.list()).toEqual([]);
    expect(n.relay.latestFrame('porch')).toBeUndefined();
    expect(n.store.has('porch')).toBe(false);
    await waitFor(() => !existsSync(path.join(dir, 'cameras', 'porch.jpg')), 'its frame gone from disk');
  });

  it('applies a deletion and a rename made by another node on the same folder', async () => {
    const dir = folder();
    const a = node(dir);
    a.relay.ingest('porch', { seq: 0, capturedAt: 1 }, await makeJpeg(), 'http');
    a.relay.ingest('yard', { seq: 0, capturedAt: 1 }, await makeJpeg(), 'http');
    await waitFor(() => a.store.size === 2 && new CameraStore(dir, { maxCameras: 8 }).size === 2, 'both cameras saved');
    const b = node(dir);
    expect(b.relay.cameras.list().map((c) => [c.id, c.status])).toEqual([
      ['porch', 'offline'],
      ['yard', 'offline'],
    ]);
    b.keeper.update('porch', { name: 'Front' });
    b.keeper.remove('yard');
    await waitFor(() => a.relay.cameras.get('porch')?.name === 'Front' && !a.relay.cameras.get('yard'), 'the rename and the deletion on node A');
  });

  it('writes frames of its own capture clients only, not those from other nodes', async () => {
    const dir = folder();
    const n = node(dir);
    const jpeg = await makeJpeg(32, 24);
    n.relay.injectRemote({ cameraId: 'remote', seq: 1, epoch: 1, capturedAt: 1, clockSynced: false, receivedAt: 1, width: 32, height: 24 }, jpeg, 'websocket');
    n.relay.ingest('local', { seq: 0, capturedAt: 1 }, jpeg, 'http');
    await n.close();
    expect(existsSync(path.join(dir, 'cameras', 'local.jpg'))).toBe(true);
    expect(existsSync(path.join(dir, 'cameras', 'remote.jpg'))).toBe(false);
  });
});
