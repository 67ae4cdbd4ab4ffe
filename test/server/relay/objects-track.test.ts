import { describe, expect, it } from 'vitest';
import type { LiveObjects } from '../../../shared/live-objects.js';
import { LIVE_OBJECTS_MAX, LIVE_OBJECTS_SHOWN_MS } from '../../../shared/live-objects.js';
import { ObjectsTrack } from '../../../server/relay/objects-track.js';
import type { TrackReader } from '../../../server/tracks/track.js';

const look = (cameraId: string, at: number, n = 1): LiveObjects => ({
  cameraId,
  at,
  width: 640,
  height: 360,
  boxes: Array.from({ length: n }, (_, i) => ({ label: 'person', score: 0.8, box: [i, 10, 50, 100] as [number, number, number, number] })),
});

/** A viewer that watches `ids` and acks only when told: `got` holds each look written, `ack` settles the oldest. */
function viewer(ids: string[]) {
  const v: TrackReader & { paused: boolean } = { wants: (id) => ids.includes(id), paused: false };
  const got: LiveObjects[] = [];
  const acks: Array<() => void> = [];
  const sink = { write: (l: LiveObjects, done: () => void) => (got.push(l), acks.push(done)) };
  return { v, got, sink, ack: () => acks.shift()?.() };
}

function track() {
  let now = 1000;
  let changes = 0;
  const t = new ObjectsTrack(
    () => changes++,
    () => now,
  );
  return { t, at: (ms: number) => (now = ms), changes: () => changes };
}

describe('ObjectsTrack', () => {
  it('hands each look of a detecting camera to the viewers that asked for its boxes, and to no other', () => {
    const { t } = track();
    t.setPublishing('door', true);
    const a = viewer(['door', 'yard']);
    const b = viewer(['door']);
    const c = viewer(['door']);
    t.subscribe(a.v, ['door'], a.sink);
    t.subscribe(b.v, [], b.sink);
    t.publishLook(look('door', 1000));
    t.publishLook(look('yard', 1000));
    expect(a.got.map((l) => l.cameraId)).toEqual(['door']);
    expect(b.got).toEqual([]);
    expect(c.got).toEqual([]);
  });

  it('keeps no looks of a camera whose detector does not run, and lists which cameras detect', () => {
    const { t, changes } = track();
    const a = viewer(['door']);
    t.subscribe(a.v, ['door'], a.sink);
    t.publishLook(look('door', 1000));
    expect(a.got).toEqual([]);
    const list = [{ id: 'door' }, { id: 'yard' }] as Parameters<ObjectsTrack['mark']>[0];
    expect(t.mark(list).map((c) => c.objects)).toEqual([undefined, undefined]);
    t.setPublishing('door', true);
    expect(changes()).toBe(1);
    expect(t.mark(list).map((c) => c.objects)).toEqual([true, undefined]);
  });

  it('never names a camera the viewer does not watch or may not see, whatever it asks', () => {
    const { t } = track();
    t.setPublishing('secret', true);
    const a = viewer(['door']);
    t.subscribe(a.v, ['secret'], a.sink);
    t.publishLook(look('secret', 1000));
    expect(a.got).toEqual([]);
  });

  it('holds two looks at most for a viewer that never acks, the newest waiting', () => {
    const { t } = track();
    t.setPublishing('door', true);
    const a = viewer(['door']);
    t.subscribe(a.v, ['door'], a.sink);
    for (let i = 0; i < 1000; i++) t.publishLook(look('door', 1000 + i));
    expect(t.held).toBe(2);
    expect(a.got.map((l) => l.at)).toEqual([1000]);
    a.ack();
    expect(a.got.map((l) => l.at)).toEqual([1000, 1999]);
  });

  it('gives a viewer that starts asking the newest look while it is still shown, and not an older one', () => {
    const { t, at } = track();
    t.setPublishing('door', true);
    t.publishLook(look('door', 1000));
    const a = viewer(['door']);
    at(1000 + LIVE_OBJECTS_SHOWN_MS - 1);
    t.subscribe(a.v, ['door'], a.sink);
    expect(a.got.map((l) => l.at)).toEqual([1000]);
    const b = viewer(['door']);
    at(1000 + LIVE_OBJECTS_SHOWN_MS);
    t.subscribe(b.v, ['door'], b.sink);
    expect(b.got).toEqual([]);
  });

  it('sends a paused viewer nothing', () => {
    const { t } = track();
    t.setPublishing('door', true);
    const a = viewer(['door']);
    t.subscribe(a.v, ['door'], a.sink);
    a.v.paused = true;
    t.publishLook(look('door', 1000));
    expect(a.got).toEqual([]);
  });

  it('clears the boxes viewers show when the detector stops, and forgets its last look', () => {
    const { t } = track();
    t.setPublishing('door', true);
    const a = viewer(['door']);
    t.subscribe(a.v, ['door'], a.sink);
    t.publishLook(look('door', 1000));
    a.ack();
    t.setPublishing('door', false);
    expect(a.got.at(-1)).toMatchObject({ cameraId: 'door', boxes: [] });
    const b = viewer(['door']);
    t.subscribe(b.v, ['door'], b.sink);
    expect(b.got).toEqual([]);
  });

  it('cuts a look to LIVE_OBJECTS_MAX boxes', () => {
    const { t } = track();
    t.setPublishing('door', true);
    const a = viewer(['door']);
    t.subscribe(a.v, ['door'], a.sink);
    t.publishLook(look('door', 1000, LIVE_OBJECTS_MAX + 10));
    expect(a.got[0]!.boxes).toHaveLength(LIVE_OBJECTS_MAX);
  });

  it('stops a camera the viewer no longer asks for, and a viewer that left', () => {
    const { t } = track();
    t.setPublishing('door', true);
    const a = viewer(['door']);
    t.subscribe(a.v, ['door'], a.sink);
    t.subscribe(a.v, [], a.sink);
    t.publishLook(look('door', 1000));
    const b = viewer(['door']);
    t.subscribe(b.v, ['door'], b.sink);
    t.unsubscribe(b.v);
    t.publishLook(look('door', 1001));
    expect(a.got).toEqual([]);
    expect(b.got.map((l) => l.at)).toEqual([1000]);
    expect(t.held).toBe(0);
  });
});
