import { describe, expect, it } from 'vitest';
import { WebrtcReceiver } from '../../../../dashboard/src/receivers/webrtc/receiver.js';
import type { SignalingSocket } from '../../../../common/webrtc/upgrade.js';
import type { WebrtcConfig } from '../../../../shared/webrtc/protocol.js';

/** A signaling socket that answers `webrtc:config` with `reply`; `connect()` fires its connect listeners. */
function socketAnswering(reply: unknown, connected = true) {
  const onConnect: Array<() => void> = [];
  // A stand-in server that may answer anything (junk included), so it is not held to the event maps.
  const fake = {
    connected,
    emit(event: string, ...args: unknown[]) {
      if (event === 'webrtc:config') (args[0] as (r: unknown) => void)(reply);
    },
    on(event: string, listener: () => void) {
      if (event === 'connect') onConnect.push(listener);
    },
    off() {},
    connect() {
      this.connected = true;
      for (const listener of onConnect) listener();
    },
  };
  return fake as unknown as SignalingSocket & typeof fake;
}

const config = (mode: WebrtcConfig['mode']): WebrtcConfig => ({ mode, iceServers: [], iceTransportPolicy: 'all', connectTimeoutMs: 5000, stallMs: 2000 });

function receiver(reply: unknown) {
  const peers: unknown[] = [];
  const r = new WebrtcReceiver({
    socket: socketAnswering(reply),
    createPeer: (c) => {
      peers.push(c);
      throw new Error('no peer in this test');
    },
    onFrame: () => {},
    expectFrames: () => true,
  });
  return { r, peers };
}

describe('WebrtcReceiver', () => {
  describe('#serverMode', () => {
    it('is off when the server refuses because WebRTC is switched off there, and nothing is tried', () => {
      const { r, peers } = receiver({ ok: false, error: 'WEBRTC_DISABLED', message: 'off' });
      expect(r.serverMode).toBe('off');
      r.setWanted(true);
      expect(r.enabled).toBe(false);
      expect(peers).toEqual([]);
    });

    it('stays unknown after a refusal for another reason', () => {
      expect(receiver({ ok: false, error: 'BAD_SIGNAL', message: 'x' }).r.serverMode).toBeNull();
      expect(receiver(null).r.serverMode).toBeNull();
    });

    it("is the server's mode otherwise: optional is not tried until the user asks", () => {
      const { r, peers } = receiver(config('optional'));
      expect(r.serverMode).toBe('optional');
      expect(r.enabled).toBe(false);
      expect(peers).toEqual([]);
    });
  });

  describe('an attempt the browser cannot make', () => {
    it("ends as a WebRTC stack error with the browser's words, and is retried later", () => {
      const { r, peers } = receiver(config('on'));
      expect(peers).toHaveLength(1);
      expect(r.lastEnd).toMatchObject({ reason: 'error', detail: 'no peer in this test', remote: false });
      expect(r.retryAt).not.toBeNull();
      r.close();
      expect(r.retryAt).toBeNull();
    });
  });

  describe('#setWanted', () => {
    it('keeps a remembered "no", given before the connection is up, over the server\'s on', () => {
      const socket = socketAnswering(config('on'), false);
      let peers = 0;
      const r = new WebrtcReceiver({
        socket,
        createPeer: () => {
          peers++;
          throw new Error('no peer in this test');
        },
        onFrame: () => {},
        expectFrames: () => true,
      });
      r.setWanted(false);
      socket.connect();
      expect(r.serverMode).toBe('on');
      expect(r.enabled).toBe(false);
      expect(peers).toBe(0);
    });
  });
});
