/** The relay's Socket.IO parser without a network: packets in, decoded packets out. */
import { describe, expect, it } from 'vitest';
import { createParser, eventHead, OversizedMessage } from '../../../../server/transports/socketio/parser.js';

function decode(packet: string, maxChars = 100): unknown[] {
  const { Decoder } = createParser(maxChars);
  const decoder = new Decoder();
  const out: unknown[] = [];
  decoder.on('decoded', (p: unknown) => out.push(p));
  decoder.add(packet);
  return out;
}

describe('createParser', () => {
  describe('Decoder#add', () => {
    it('parses a packet within the limit as Socket.IO does', () => {
      expect(decode('2/monitor,7["subscribe",{"cameraIds":"*"}]')).toEqual([{ type: 2, nsp: '/monitor', id: 7, data: ['subscribe', { cameraIds: '*' }] }]);
    });

    it('hands an event over the limit to its handler unread, with its namespace and ack id', () => {
      const packet = `2/monitor,12["subscribe",{"widths":{${'"x":320,'.repeat(50)}"y":320}}]`;
      const [decoded] = decode(packet) as Array<{ nsp: string; id: number; data: [string, OversizedMessage] }>;
      expect(decoded!.nsp).toBe('/monitor');
      expect(decoded!.id).toBe(12);
      expect(decoded!.data[0]).toBe('subscribe');
      expect(decoded!.data[1]).toBeInstanceOf(OversizedMessage);
      expect(decoded!.data[1]).toMatchObject({ chars: packet.length, limit: 100 });
    });

    it('throws (the connection ends) for anything else over the limit: a namespace join, an unnamed event', () => {
      expect(() => decode(`0/monitor,{"token":"${'x'.repeat(200)}"}`)).toThrow(/over the 100/);
      expect(() => decode(`2/monitor,[{"${'x'.repeat(200)}":1}]`)).toThrow(/over the 100/);
    });

    it('still refuses a binary packet announcing more than one attachment', () => {
      expect(() => decode('52-/capture,["frame",{},{"_placeholder":true,"num":0}]', 1000)).toThrow(/too many attachments/);
    });
  });
});

describe('eventHead', () => {
  it('reads the namespace, the ack id and the event name from the head of an EVENT packet', () => {
    expect(eventHead('2["time"]')).toEqual({ nsp: '/', event: 'time' });
    expect(eventHead('2/monitor,3["webrtc:offer",{}]')).toEqual({ nsp: '/monitor', id: 3, event: 'webrtc:offer' });
    expect(eventHead('3/monitor,3[]')).toBeNull();
  });
});
