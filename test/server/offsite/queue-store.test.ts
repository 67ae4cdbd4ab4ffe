import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CopyJob, QueueState } from '../../../server/offsite/copy-queue.js';
import { QueueStore } from '../../../server/offsite/queue-store.js';

const job = (id: string, state: CopyJob['status']['state'] = 'queued'): CopyJob => ({
  camera: 'door',
  id,
  start: 1,
  end: 2,
  status: { state, at: 3 },
  failures: 0,
  failingSince: null,
  notBefore: 0,
});

describe('QueueStore', () => {
  let dir: string;
  const errors: string[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'camrelay-queue-store-'));
    errors.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has nothing saved at first', () => {
    expect(new QueueStore(dir, (m) => errors.push(m)).load()).toBeNull();
  });

  it('writes the newest state whole, with no temp file left, and reads it back', async () => {
    const store = new QueueStore(path.join(dir, 'offsite'), (m) => errors.push(m));
    const state: QueueState = { jobs: [job('1')], day: '2026-11-24', bytesToday: 5 };
    store.save(state);
    // Changed after save: the state handed over is what is written, and the newest wins.
    state.jobs[0]!.status = { state: 'copied', at: 4 };
    store.save({ ...state, jobs: [...state.jobs, job('2')] });
    await store.flush();
    expect(readdirSync(path.join(dir, 'offsite')).sort()).toEqual(['queue.json', 'queue.json.last-good']);
    const loaded = new QueueStore(path.join(dir, 'offsite'), (m) => errors.push(m)).load()!;
    expect(loaded.jobs.map((j) => [j.id, j.status.state])).toEqual([
      ['1', 'copied'],
      ['2', 'queued'],
    ]);
    expect(loaded).toMatchObject({ day: '2026-11-24', bytesToday: 5 });
    expect(errors).toEqual([]);
  });

  it('starts afresh from a damaged file with no good copy, and says so', () => {
    writeFileSync(path.join(dir, 'queue.json'), '{"jobs": [');
    expect(new QueueStore(dir, (m) => errors.push(m)).load()).toBeNull();
    expect(errors[0]).toMatch(/queue\.json is invalid \(.*\) and there is no good copy to restore: starting without its settings/);
  });

  it('restores the last good copy of a damaged file, and says so', async () => {
    const store = new QueueStore(dir, (m) => errors.push(m));
    store.save({ jobs: [job('1')], day: '2026-11-24', bytesToday: 5 });
    await store.flush();
    writeFileSync(path.join(dir, 'queue.json'), '{"jobs": [');
    expect(new QueueStore(dir, (m) => errors.push(m)).load()?.jobs.map((j) => j.id)).toEqual(['1']);
    expect(errors).toEqual([expect.stringContaining('restored the last good copy')]);
  });

  it('keeps only well-formed jobs of a file edited by hand', () => {
    const bad = [{ ...job('x'), status: { state: 'lost', at: 1 } }, { camera: 'door' }, job('1')];
    writeFileSync(path.join(dir, 'queue.json'), JSON.stringify({ jobs: bad, day: '2026-11-24', bytesToday: 'many' }));
    expect(new QueueStore(dir, () => {}).load()).toEqual({ jobs: [job('1')], day: '2026-11-24', bytesToday: 0 });
  });

  it('reports a folder it cannot write', async () => {
    const file = path.join(dir, 'not-a-folder');
    writeFileSync(file, '');
    const store = new QueueStore(file, (m) => errors.push(m));
    store.save({ jobs: [], day: '', bytesToday: 0 });
    await store.flush();
    expect(errors[0]).toContain('cannot be written');
    expect(readFileSync(file, 'utf8')).toBe('');
  });
});
