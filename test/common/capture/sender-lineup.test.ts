/** The capture engine's senders by role: built in the order an upgrade needs, closed upgrade first. No sockets. */
import { describe, expect, it } from 'vitest';
import { lineupFor } from '../../../common/capture/picker.js';
import type { ConnectionSender, Sender, SenderRole } from '../../../common/capture/sender.js';
import { SenderLineup } from '../../../common/capture/sender-lineup.js';

type Name = 'socketio' | 'http' | 'webrtc';
const ROLES: Record<Name, SenderRole> = { socketio: 'connection', http: 'fallback', webrtc: 'upgrade' };

/** A sender that writes what happens to it into `log`; only what the lineup calls is real. */
function fake(name: Name, log: string[], withStatus = true): Sender {
  return {
    link: () => null,
    ready: () => true,
    send: () => Promise.resolve({ ok: true }),
    clockOffset: () => null,
    close: () => log.push(`close ${name}`),
    ...(withStatus ? { sourceStatus: (s: { state: string }) => log.push(`status ${name} ${s.state}`) } : {}),
  } as unknown as Sender;
}

function build(mode: 'auto' | Name, withStatus: (name: Name) => boolean = () => true) {
  const log: string[] = [];
  const built: Array<{ name: Name; carrier: ConnectionSender | null }> = [];
  const senders = new SenderLineup<Name>();
  senders.build(lineupFor<Name>(mode, ROLES), (name, carrier) => {
    built.push({ name, carrier });
    return fake(name, log, withStatus(name));
  });
  return { senders, log, built };
}

describe('SenderLineup', () => {
  describe('#build', () => {
    it('builds the fallback and the connection with no carrier, then the upgrade with the connection as its carrier', () => {
      const { senders, built } = build('auto');
      expect(built.map((b) => b.name)).toEqual(['http', 'socketio', 'webrtc']);
      expect(built.map((b) => b.carrier)).toEqual([null, null, senders.carrier]);
      expect(senders.carrier).toBe(senders.get('socketio'));
      expect(senders.fallback).toBe(senders.get('http'));
      expect(senders.upgrade).toBe(senders.get('webrtc'));
    });

    it('builds only the sender a mode names alone, and no upgrade without a connection', () => {
      const { senders, built } = build('http');
      expect(built.map((b) => b.name)).toEqual(['http']);
      expect([senders.carrier, senders.upgrade, senders.get('socketio'), senders.get('webrtc')]).toEqual([null, null, null, null]);
    });
  });

  describe('#close', () => {
    it('closes the upgrade first, while the connection can still tell the server, then every other sender', () => {
      const { senders, log } = build('auto');
      senders.close();
      expect(log).toEqual(['close webrtc', 'close http', 'close socketio']);
    });
  });

  describe('#sourceStatus', () => {
    it('tells every sender that has a channel for it, and skips those that have none', () => {
      const { senders, log } = build('auto', (name) => name !== 'webrtc');
      senders.sourceStatus({ state: 'busy' } as never);
      expect(log).toEqual(['status http busy', 'status socketio busy']);
    });
  });
});
