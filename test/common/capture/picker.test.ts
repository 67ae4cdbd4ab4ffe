/** The transport picker's choices, on a clock the tests set: pure, no sockets. */
import { describe, expect, it } from 'vitest';
import { lineupFor, rolesOf, TransportPicker, type PickerOptions } from '../../../common/capture/picker.js';

/** The capture client's table: a connection, a fallback and an upgrade. */
const ROLES = { socketio: 'connection', http: 'fallback', webrtc: 'upgrade' } as const;
type Name = keyof typeof ROLES;
const makePicker = (o: Partial<PickerOptions<Name>>, now: number) => new TransportPicker<Name>(ROLES, o, now);

describe('TransportPicker', () => {
  describe('#pick in auto', () => {
    it('waits for Socket.IO at first, then falls back to HTTP after the fallback delay', () => {
      const p = makePicker({ mode: 'auto', fallbackAfterMs: 3000 }, 0);
      expect(p.pick(2999)).toBeNull();
      expect(p.pick(3000)).toBe('http');
      p.up('socketio');
      expect(p.pick(3001)).toBe('socketio');
    });

    it('does not fall back for a short Socket.IO outage', () => {
      const p = makePicker({ mode: 'auto', fallbackAfterMs: 3000 }, 0);
      p.up('socketio');
      p.down('socketio', 10_000);
      expect(p.pick(12_000)).toBeNull();
      expect(p.pick(13_000)).toBe('http');
    });

    it('pins HTTP when Socket.IO keeps connecting without one frame acked, and tries it again later', () => {
      const p = makePicker({ mode: 'auto', failedSessionsToPin: 2, pinMs: 30_000 }, 0);
      for (const t of [1000, 2000]) {
        p.up('socketio');
        p.sent('socketio', false, t);
        p.down('socketio', t + 500);
      }
      p.up('socketio');
      expect(p.pick(3000)).toBe('http');
      expect(p.pinned(3000)).toBe(true);
      expect(p.pick(2500 + 30_000)).toBe('socketio');
    });

    it('forgets failed sessions once Socket.IO gets a frame acked', () => {
      const p = makePicker({ mode: 'auto', failedSessionsToPin: 2 }, 0);
      p.up('socketio');
      p.sent('socketio', false, 100);
      p.down('socketio', 200);
      p.up('socketio');
      p.sent('socketio', true, 300);
      p.down('socketio', 400);
      p.up('socketio');
      p.sent('socketio', false, 500);
      p.down('socketio', 600);
      p.up('socketio');
      expect(p.pick(700)).toBe('socketio');
    });

    it('backs off HTTP after a network failure instead of trying every frame', () => {
      const p = makePicker({ mode: 'auto', fallbackAfterMs: 0, fallbackBackoffMinMs: 1000, fallbackBackoffMaxMs: 4000 }, 0);
      p.sent('http', false, 10);
      expect(p.pick(500)).toBeNull();
      expect(p.pick(1010)).toBe('http');
      p.sent('http', false, 1010);
      expect(p.pick(2500)).toBeNull();
      expect(p.pick(3010)).toBe('http');
      p.sent('http', true, 3010);
      expect(p.pick(3011)).toBe('http');
    });
  });

  describe('#pick in forced modes', () => {
    it('never uses HTTP in socketio mode and never Socket.IO in http mode', () => {
      const s = makePicker({ mode: 'socketio' }, 0);
      expect(s.pick(60_000)).toBeNull();
      const h = makePicker({ mode: 'http' }, 0);
      h.up('socketio');
      expect(h.pick(0)).toBe('http');
    });
  });

  describe('#wantsUpgrade', () => {
    it('tries WebRTC in webrtc mode unless the server is off, and in auto only when the server says on', () => {
      const wants = (mode: 'auto' | 'socketio' | 'http' | 'webrtc') =>
        (['off', 'optional', 'on'] as const).map((server) => makePicker({ mode }, 0).wantsUpgrade(server));
      expect(wants('webrtc')).toEqual([false, true, true]);
      expect(wants('auto')).toEqual([false, false, true]);
      expect(wants('socketio')).toEqual([false, false, false]);
      expect(wants('http')).toEqual([false, false, false]);
    });
  });

  describe('#pick with the WebRTC upgrade', () => {
    it('picks the data channel while the upgrade is active, and Socket.IO again the moment it ends', () => {
      const p = makePicker({ mode: 'webrtc' }, 0);
      p.up('socketio');
      expect(p.pick(100)).toBe('socketio');
      p.up('webrtc');
      expect(p.pick(200)).toBe('webrtc');
      p.down('webrtc', 300);
      expect(p.pick(300)).toBe('socketio');
    });

    it('falls back as auto does in webrtc mode: HTTP when Socket.IO stays down', () => {
      const p = makePicker({ mode: 'webrtc', fallbackAfterMs: 3000 }, 0);
      p.up('socketio');
      p.up('webrtc');
      p.down('socketio', 1000);
      expect(p.pick(1001)).toBeNull();
      expect(p.pick(4000)).toBe('http');
      p.up('socketio');
      expect(p.pick(4001)).toBe('socketio');
    });

    it('ignores data-channel sends when weighing Socket.IO sessions', () => {
      const p = makePicker({ mode: 'auto', failedSessionsToPin: 1 }, 0);
      p.up('socketio');
      p.sent('webrtc', false, 100);
      p.down('socketio', 200);
      p.up('socketio');
      expect(p.pinned(300)).toBe(false);
      expect(p.pick(300)).toBe('socketio');
    });
  });
});

describe('TransportPicker#refused', () => {
  it('sends by nothing while the token is refused, falls back to HTTP for nothing, and clears on a connection', () => {
    const picker = makePicker({ mode: 'auto', fallbackAfterMs: 3000 }, 0);
    picker.refused(30_000);
    // Socket.IO has been "down" long enough for the HTTP fallback, but a refused token is no network fault.
    expect(picker.pick(10_000)).toBeNull();
    expect(picker.pick(29_999)).toBeNull();
    expect(picker.pick(30_000)).toBe('http');
    picker.refused(60_000);
    picker.up('socketio');
    expect(picker.pick(31_000)).toBe('socketio');
  });

  it('holds back http mode too', () => {
    const picker = makePicker({ mode: 'http' }, 0);
    picker.refused(30_000);
    expect(picker.pick(1000)).toBeNull();
    expect(picker.pick(30_001)).toBe('http');
  });
});

describe('picker', () => {
  describe('#lineupFor', () => {
    const roles = ROLES;

    it("uses every role in auto, one sender alone when named, and an upgrade on top of auto's", () => {
      expect(lineupFor('auto', roles)).toEqual({ connection: 'socketio', fallback: 'http', upgrade: 'webrtc' });
      expect(lineupFor('socketio', roles)).toEqual({ connection: 'socketio' });
      expect(lineupFor('http', roles)).toEqual({ fallback: 'http' });
      expect(lineupFor('webrtc', roles)).toEqual({ connection: 'socketio', fallback: 'http', upgrade: 'webrtc' });
    });

    it('takes a new table line as it comes: auto keeps the first of a role, the new one works when named', () => {
      const more = { ...roles, ws: 'connection', quic: 'upgrade' } as const;
      expect(lineupFor('auto', more)).toEqual({ connection: 'socketio', fallback: 'http', upgrade: 'webrtc' });
      expect(lineupFor('ws', more)).toEqual({ connection: 'ws' });
      expect(lineupFor('quic', more)).toEqual({ connection: 'socketio', fallback: 'http', upgrade: 'quic' });
    });
  });

  describe('#rolesOf', () => {
    it("reads each sender's role from a sender table", () => {
      const table = { socketio: { role: 'connection' }, http: { role: 'fallback' } } as const;
      expect(rolesOf(table)).toEqual({ socketio: 'connection', http: 'fallback' });
    });
  });
});
