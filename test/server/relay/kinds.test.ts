/** The relay's kinds table (#56 item 1): every kind's track by its name, the table's marks on the list, a misnamed kind refused. */
import { afterEach, describe, expect, it } from 'vitest';
import { makeKinds, RELAY_KINDS, type KindContext, type KindMaker } from '../../../server/relay/kinds.js';
import { Relay } from '../../../server/relay/relay.js';
import { newestFrame } from '../../../server/tracks/policies.js';
import { Track } from '../../../server/tracks/track.js';

const LIMITS = { maxFrameBytes: 64 * 1024, maxDimension: 4096, offlineAfterMs: 5000, stallAfterMs: 2000 };
let relay: Relay | undefined;
afterEach(() => relay?.close());

const kindOf =
  (kind: string): KindMaker =>
  () => ({ track: new Track<{ cameraId: string }>({ kind, policy: newestFrame(() => 1), cameraOf: (u) => u.cameraId }) });

describe('makeKinds', () => {
  it('makes the relay a track of each kind of RELAY_KINDS, named as its key', () => {
    relay = new Relay(LIMITS);
    expect(Object.keys(relay.tracks).sort()).toEqual(Object.keys(RELAY_KINDS).sort());
    for (const [name, track] of Object.entries(relay.tracks)) expect(track.kind).toBe(name);
    expect([...relay.kinds.keys()]).toEqual(Object.keys(RELAY_KINDS));
  });

  it('throws if a kind makes a track of another name', () => {
    expect(() => makeKinds({ notes: kindOf('note') }, {} as KindContext)).toThrow(/'notes' makes a track of kind 'note'/);
  });

  it('holds a kind a test adds beside the relay’s own, and carries on the bus only the kinds that say a codec', () => {
    relay = new Relay({ ...LIMITS, kinds: { ...RELAY_KINDS, notes: kindOf('notes') } });
    expect(relay.kinds.get('notes')?.track.kind).toBe('notes');
    const carried = [...relay.kinds.values()].flatMap((k) => k.bus ?? []).map((b) => b.track.kind);
    // H.264 goes as one track per rung (live-h264.ts); detections and the test's kind say no codec.
    expect(carried.sort()).toEqual(['h264', 'h264@1280', 'h264@320', 'h264@640', 'h264@960', 'jpeg', 'objects', 'sound']);
  });

  it("marks the camera list with each kind's mark: the objects kind's cameras whose detector runs here", () => {
    relay = new Relay(LIMITS);
    relay.openIngest('door', 'Door', undefined, 'websocket');
    relay.tracks.objects.setPublishing('door', true);
    expect(relay.cameras.listLocal().find((c) => c.id === 'door')?.objects).toBe(true);
    relay.tracks.objects.setPublishing('door', false);
    expect(relay.cameras.listLocal().find((c) => c.id === 'door')?.objects).toBeUndefined();
  });
});
