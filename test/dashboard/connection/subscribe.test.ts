/** What the Live Monitor tells the relay it shows: every camera (or those seen), at the widths its tiles show them, and the sizes a person pinned. */
import { describe, expect, it } from 'vitest';
import { connectionOnFake } from './fake-socket.js';

const setup = connectionOnFake;

describe('Connection subscriptions', () => {
  describe('on connect', () => {
    it('sends the widths the cameras are shown at, read anew on every connect', () => {
      let widths: Record<string, number> = { door: 640 };
      const { socket } = setup({ widths: () => widths });
      socket.fire('connect');
      socket.fire('disconnect', 'transport close');
      widths = { door: 320, yard: 1300 };
      socket.fire('connect');
      expect(socket.sent).toEqual([
        ['subscribe', { cameraIds: '*', widths: { door: 640 } }],
        ['subscribe', { cameraIds: '*', widths: { door: 320, yard: 1300 } }],
      ]);
    });
  });

  describe('#resubscribe', () => {
    it('sends the cameras pinned to a size, and no list while none is', () => {
      let pinned: string[] = [];
      const { socket, connection } = setup({ widths: () => ({ door: 640 }), pinned: () => pinned });
      socket.fire('connect');
      pinned = ['door'];
      connection.resubscribe();
      expect(socket.sent).toEqual([
        ['subscribe', { cameraIds: '*', widths: { door: 640 } }],
        ['subscribe', { cameraIds: '*', widths: { door: 640 }, pinned: ['door'] }],
      ]);
    });

    it('subscribes again with the widths of now', () => {
      let widths: Record<string, number> = {};
      const { socket, connection } = setup({ widths: () => widths });
      socket.fire('connect');
      widths = { door: 960 };
      connection.resubscribe();
      expect(socket.sent.at(-1)).toEqual(['subscribe', { cameraIds: '*', widths: { door: 960 } }]);
    });

    it('asks for the cameras seen, when the page says which, read anew each time', () => {
      let seen = ['door'];
      const { socket, connection } = setup({ cameraIds: () => seen });
      socket.fire('connect');
      seen = ['door', 'yard'];
      connection.resubscribe();
      seen = [];
      connection.resubscribe();
      expect(socket.sent).toEqual([
        ['subscribe', { cameraIds: ['door'] }],
        ['subscribe', { cameraIds: ['door', 'yard'] }],
        ['subscribe', { cameraIds: [] }],
      ]);
    });

    it('does not send the subscribe it last sent again, but sends it on every connect', () => {
      const { socket, connection } = setup({ cameraIds: () => ['door'], widths: () => ({ door: 640 }) });
      socket.fire('connect');
      connection.resubscribe();
      connection.resubscribe();
      socket.fire('disconnect', 'transport close');
      socket.fire('connect');
      const door = ['subscribe', { cameraIds: ['door'], widths: { door: 640 } }];
      expect(socket.sent).toEqual([door, door]);
    });

    it('sends the subscribe it last sent again when told to: the relay answers it by its camera list too', () => {
      const { socket, connection } = setup({ cameraIds: () => ['door'], widths: () => ({ door: 640 }) });
      socket.fire('connect');
      connection.resubscribe(true);
      connection.resubscribe();
      const door = ['subscribe', { cameraIds: ['door'], widths: { door: 640 } }];
      expect(socket.sent).toEqual([door, door]);
    });

    it('sends nothing while disconnected: the next connect subscribes', () => {
      const { socket, connection } = setup();
      connection.resubscribe();
      socket.fire('connect');
      socket.fire('disconnect', 'transport close');
      connection.resubscribe();
      expect(socket.sent).toEqual([['subscribe', { cameraIds: '*' }]]);
    });
  });
});
