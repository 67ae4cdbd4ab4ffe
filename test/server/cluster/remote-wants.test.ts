/** The wants the cluster's buses trade (remote-wants.ts): bounded, let go after their TTL, and an empty want said once. */
import { describe, expect, it } from 'vitest';
import { RemoteWants, WantSayer } from '../../../server/cluster/remote-wants.js';

const isName = (x: unknown): x is string => typeof x === 'string' && /^[a-z]+$/.test(x);

describe('RemoteWants', () => {
  it("keeps each node's last want until its TTL, and never this node's own", () => {
    let now = 0;
    const w = new RemoteWants('self', isName, () => now);
    w.receive('a', ['yard', 'porch']);
    w.receive('b', ['door']);
    w.receive('self', ['attic']);
    expect(w.current(1000).sort()).toEqual(['door', 'porch', 'yard']);
    now = 600;
    w.receive('a', ['yard']);
    now = 1000;
    // b was heard at 0: let go; a's newer want replaced its older one.
    expect(w.current(1000)).toEqual(['yard']);
    now = 1600;
    expect(w.current(1000)).toEqual([]);
  });

  it('ignores a malformed or oversized want and drops malformed items from a good one', () => {
    const w = new RemoteWants('self', isName, () => 0);
    w.receive(42, ['yard']);
    w.receive('x'.repeat(65), ['yard']);
    w.receive('a', 'yard');
    w.receive(
      'b',
      Array.from({ length: 1025 }, () => 'yard'),
    );
    w.receive('c', ['door', 7, 'NOT A NAME', { a: 1 }]);
    expect(w.current(1000)).toEqual(['door']);
  });

  it('hears at most 256 nodes, and a node already heard still updates', () => {
    const w = new RemoteWants('self', isName, () => 0);
    for (let i = 0; i < 300; i++) w.receive(`n${i}`, ['yard']);
    expect(w.current(1000)).toHaveLength(256);
    w.receive('n0', ['door']);
    expect(w.current(1000).filter((x) => x === 'door')).toEqual(['door']);
  });
});

describe('WantSayer', () => {
  it('says a want on every tick while it names something, and an empty one once', () => {
    const said: string[][] = [];
    const s = new WantSayer<string>((items) => said.push(items));
    s.say([]);
    s.say([]);
    s.say(['yard']);
    s.say(['yard']);
    s.say([]);
    s.say([]);
    expect(said).toEqual([[], ['yard'], ['yard'], []]);
  });
});
