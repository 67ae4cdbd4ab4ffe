import { describe, expect, it } from 'vitest';
import { CamrelayError } from '../../../../shared/errors.js';
import { SocketCaps } from '../../../../server/transports/socketio/socket-caps.js';

const codeOf = (slot: unknown) => (slot instanceof CamrelayError ? slot.code : 'ok');

describe('SocketCaps', () => {
  describe('#take', () => {
    it("refuses a user's connection past its cap with TOO_MANY_SOCKETS, naming the cap, and not another user's", () => {
      const caps = new SocketCaps({ maxSocketsPerUser: 2, maxSocketsPerAddress: 10 });
      expect(codeOf(caps.take('alice', 'a'))).toBe('ok');
      expect(codeOf(caps.take('alice', 'b'))).toBe('ok');
      const third = caps.take('alice', 'c');
      expect(codeOf(third)).toBe('TOO_MANY_SOCKETS');
      expect((third as CamrelayError).message).toContain('Too many open Live Monitor tabs for this user (2');
      expect(codeOf(caps.take('bob', 'a'))).toBe('ok');
    });

    it("refuses an address's connection past its cap, whichever user it is", () => {
      const caps = new SocketCaps({ maxSocketsPerUser: 10, maxSocketsPerAddress: 2 });
      caps.take('alice', 'nat');
      caps.take('bob', 'nat');
      const third = caps.take('carol', 'nat');
      expect(codeOf(third)).toBe('TOO_MANY_SOCKETS');
      expect((third as CamrelayError).message).toContain('from this address (2');
      expect(codeOf(caps.take('carol', 'home'))).toBe('ok');
    });

    it('gives a slot back once when released, however often the release is called', () => {
      const caps = new SocketCaps({ maxSocketsPerUser: 1, maxSocketsPerAddress: 5 });
      const release = caps.take('alice', 'a') as () => void;
      release();
      release();
      expect(caps.ofUser('alice')).toBe(0);
      expect(caps.ofAddress('a')).toBe(0);
      expect(codeOf(caps.take('alice', 'a'))).toBe('ok');
      expect(codeOf(caps.take('alice', 'a'))).toBe('TOO_MANY_SOCKETS');
    });
  });
});
