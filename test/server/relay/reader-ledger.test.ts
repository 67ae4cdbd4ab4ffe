import { describe, expect, it } from 'vitest';
import { LedgerTrack, needOf, type ReadNeed } from '../../../server/relay/reader-ledger.js';
import { everyUnit } from '../../../server/tracks/policies.js';
import type { TrackReader } from '../../../server/tracks/track.js';

interface Unit {
  cameraId: string;
}

const reader = (): TrackReader => ({ wants: () => true, paused: false });
const recorder = () => ({ wants: () => true, paused: false, records: true as const });
const sink = { write: (_u: Unit, done: () => void) => done() };

function rig() {
  const told: Array<[string, ReadNeed, boolean]> = [];
  const track = new LedgerTrack<Unit>(
    { kind: 'test', policy: everyUnit<Unit>({ sizeOf: () => 1, window: 1, maxWaiting: 8 }), cameraOf: (u) => u.cameraId },
    (id, need, on) => told.push([id, need, on]),
  );
  return { track, told };
}

describe('needOf', () => {
  it('says a reader with records: true records, and any other reads live', () => {
    expect([needOf(recorder()), needOf(reader())]).toEqual(['record', 'live']);
  });
});

describe('LedgerTrack', () => {
  describe('#subscribe', () => {
    it("tells each need's first reader of a camera, whoever else read it before", () => {
      const { track, told } = rig();
      const [a, b, r] = [reader(), reader(), recorder()];
      track.subscribe(a, ['door'], sink);
      track.subscribe(b, ['door', 'yard'], sink);
      track.subscribe(r, ['door'], sink);
      expect(told).toEqual([
        ['door', 'live', true],
        ['yard', 'live', true],
        ['door', 'record', true],
      ]);
    });

    it("tells each need's last reader that goes, by subscribe, read or unsubscribe, while readers of the other need stay", () => {
      const { track, told } = rig();
      const [a, b, r] = [reader(), reader(), recorder()];
      track.subscribe(r, ['door'], sink);
      track.subscribe(a, ['door'], sink);
      track.read(b, 'door', sink);
      told.length = 0;
      track.subscribe(a, [], sink);
      expect(told).toEqual([]);
      track.read(b, 'door', null);
      expect(told).toEqual([['door', 'live', false]]);
      track.unsubscribe(r);
      expect(told).toEqual([
        ['door', 'live', false],
        ['door', 'record', false],
      ]);
      expect([track.ledger.count('door', 'live'), track.ledger.count('door', 'record')]).toEqual([0, 0]);
    });
  });
});
