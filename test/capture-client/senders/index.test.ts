/** The sender table: one line per transport, named as everywhere else, each with the role the picker gives it. */
import { describe, expect, it } from 'vitest';
import { HttpSender } from '../../../common/capture/senders/http.js';
import { SENDER_NAMES, SENDERS } from '../../../capture-client/senders/index.js';
import { TRANSPORTS } from '../../../shared/protocol.js';

describe('senders', () => {
  describe('SENDERS', () => {
    it('is keyed by Transport names, one line per sender, in preference order', () => {
      expect(SENDER_NAMES).toEqual(['socketio', 'http', 'webrtc']);
      for (const name of SENDER_NAMES) expect(TRANSPORTS).toContain(name);
    });

    it('gives each sender the role the picker uses it in', () => {
      expect(Object.fromEntries(SENDER_NAMES.map((n) => [n, SENDERS[n].role]))).toEqual({ socketio: 'connection', http: 'fallback', webrtc: 'upgrade' });
    });

    it("names each module's export after its file", () => {
      for (const name of SENDER_NAMES) expect(SENDERS[name].name.toLowerCase()).toBe(`${name}sender`);
    });
  });

  describe('#create', () => {
    it("builds the sender class that goes with the name from the capture client's context", () => {
      const target = { server: 'http://127.0.0.1:9', cameraId: 'c', token: 't', ackTimeoutMs: 1000 };
      const context = { target, forced: false, carrier: null, wanted: () => false, up: () => {}, down: () => {}, onEvent: () => {} };
      expect(SENDERS.http.create(context)).toBeInstanceOf(HttpSender);
    });

    it('refuses to build an upgrade with no connection to ride on', () => {
      const target = { server: 'http://127.0.0.1:9', cameraId: 'c', token: 't', ackTimeoutMs: 1000 };
      const context = { target, forced: true, carrier: null, wanted: () => true, up: () => {}, down: () => {}, onEvent: () => {} };
      expect(() => SENDERS.webrtc.create(context)).toThrow(TypeError);
    });
  });
});
