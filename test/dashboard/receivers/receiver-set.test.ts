/** The started receivers: which link the header shows, and each one's Diagnostics figures. */
import { describe, expect, it } from 'vitest';
import type { Receiver, ReceiverContext, ReceiverModule } from '../../../dashboard/src/receivers/receiver.js';
import { ReceiverSet } from '../../../dashboard/src/receivers/receiver-set.js';
import type { Link, Transport } from '../../../shared/protocol.js';

/** A module whose started receiver's link the test sets. */
function fakeModule(name: Transport, started: string[]) {
  const receiver: { link: Link | null; figures?: Receiver['figures'] } = { link: null };
  const module: ReceiverModule = {
    name,
    links: [],
    probes: [],
    start: () => {
      started.push(name);
      return receiver;
    },
  };
  return { module, receiver };
}

const ctx = {} as ReceiverContext;

describe('ReceiverSet', () => {
  describe('#start', () => {
    it('starts every module once, in table order', () => {
      const started: string[] = [];
      const set = new ReceiverSet([fakeModule('socketio', started).module, fakeModule('webrtc', started).module]);
      set.start(ctx);
      expect(started).toEqual(['socketio', 'webrtc']);
    });
  });

  describe('#link', () => {
    it('is null before the receivers started', () => {
      const started: string[] = [];
      const base = fakeModule('socketio', started);
      base.receiver.link = 'polling';
      expect(new ReceiverSet([base.module]).link).toBeNull();
    });

    it('is the link of the last receiver in table order that has one', () => {
      const started: string[] = [];
      const base = fakeModule('socketio', started);
      const upgrade = fakeModule('webrtc', started);
      const set = new ReceiverSet([base.module, upgrade.module]);
      set.start(ctx);
      base.receiver.link = 'websocket';
      expect(set.link).toBe('websocket');
      upgrade.receiver.link = 'webrtc';
      expect(set.link).toBe('webrtc');
      base.receiver.link = null;
      expect(set.link).toBe('webrtc');
    });
  });

  describe('#figures', () => {
    it("reads the named receiver's figures, and null for one without any", () => {
      const started: string[] = [];
      const base = fakeModule('socketio', started);
      const upgrade = fakeModule('webrtc', started);
      upgrade.receiver.figures = (now) => ({ state: { text: `at ${now}`, state: 'active' } });
      const set = new ReceiverSet([base.module, upgrade.module]);
      expect(set.figures('webrtc', 5)).toBeNull();
      set.start(ctx);
      expect(set.figures('webrtc', 5)).toEqual({ state: { text: 'at 5', state: 'active' } });
      expect(set.figures('socketio', 5)).toBeNull();
      expect(set.figures('mjpeg', 5)).toBeNull();
    });
  });
});
