/** The helpers that make the browser's and werift's peers look alike: message bytes and the chosen pair. */
import { describe, expect, it } from 'vitest';
import { messageBytes, selectedPair } from '../../../common/webrtc/peer-types.js';
import { FakePeer } from './fakes.js';

describe('peer-types', () => {
  describe('#messageBytes', () => {
    it('reads a Buffer (werift) and an ArrayBuffer (browsers) as bytes, and nothing else', () => {
      const buffer = Buffer.from([1, 2]);
      expect(messageBytes(buffer)).toBe(buffer);
      expect([...messageBytes(new Uint8Array([3]).buffer)!]).toEqual([3]);
      expect(messageBytes('text')).toBeNull();
    });
  });

  describe('#selectedPair', () => {
    it("falls back to the nominated pair where the stack names no transport's choice, and is null before one", async () => {
      const peer = new FakePeer();
      expect(await selectedPair(peer)).toBeNull();
      peer.stats = [
        { id: 'p', type: 'candidate-pair', nominated: true, state: 'succeeded', localCandidateId: 'l', remoteCandidateId: 'gone' },
        { id: 'l', type: 'local-candidate', candidateType: 'srflx', ip: '198.51.100.7', port: 4000, protocol: 'udp' },
      ];
      expect(await selectedPair(peer)).toBe('srflx 198.51.100.7:4000 udp ⇄ ?');
    });
  });
});
