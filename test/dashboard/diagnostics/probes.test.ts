import { describe, expect, it } from 'vitest';
import { PROBES } from '../../../dashboard/src/diagnostics/probes.js';
import { TransportProbe, type ProbeSocket } from '../../../dashboard/src/receivers/socketio/transport-probe.js';
import { LINKS } from '../../../shared/protocol.js';

describe('PROBES', () => {
  it('tests polling, then websocket', () => {
    expect(PROBES.map((p) => p.name)).toEqual(['polling', 'websocket']);
  });

  it('names every row after a link of the shared protocol', () => {
    for (const kind of PROBES) expect(LINKS).toContain(kind.name);
  });

  it('creates, for each Socket.IO transport, a probe limited to that transport', () => {
    const asked: string[][] = [];
    const io = (_uri: string, options: { transports: string[] }) => {
      asked.push(options.transports);
      return { on: () => {}, emit: () => {}, close: () => {} } as ProbeSocket;
    };
    for (const kind of PROBES) {
      const probe = kind.create({ io, onChange: () => {} });
      expect(probe).toBeInstanceOf(TransportProbe);
      probe.run();
      probe.cancel();
    }
    expect(asked).toEqual([['polling'], ['websocket']]);
  });
});
