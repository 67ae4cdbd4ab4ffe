import { describe, expect, it } from 'vitest';
import { WebrtcReceiver } from '../../../../dashboard/src/receivers/webrtc/receiver.js';
import type { SignalingSocket } from '../../../../common/webrtc/upgrade.js';
import type { WebrtcConfig } from '../../../../shared/webrtc/protocol.js';
import { encodeFrame, MAX_MESSAGE_BYTES, type MediaKind } from '../../../../shared/webrtc/chunks.js';
import type { MonitorH264Meta } from '../../../../shared/protocol.js';
import { FakePeer } from '../../../common/webrtc/fakes.js';

/** A signaling socket that answers `webrtc:config` with `reply`; `connect()` fires its connect listeners. */
function socketAnswering(reply: unknown, connected = true) {
  const onConnect: Array<() => void> = [];
  // A stand-in server that may answer anything (junk included), so it is not held to the event maps.
  const fake = {
    connected,
    emitted: [] as string[],
    emit(event: string, ...args: unknown[]) {
      fake.emitted.push(event);
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

  describe('H.264 over the data channel', () => {
    const unitMeta = (seq: number, keyframe: boolean, epoch = 1): MonitorH264Meta => ({
      cameraId: 'cam1',
      seq,
      epoch,
      capturedAt: 1000 + seq,
      clockSynced: true,
      receivedAt: 1000 + seq,
      width: 640,
      height: 360,
      keyframe,
      codec: 'avc1.42c01e',
    });

    function open() {
      const socket = socketAnswering(config('on'));
      const peer = new FakePeer();
      const units: number[] = [];
      const frames: unknown[] = [];
      const r = new WebrtcReceiver({
        socket,
        createPeer: () => peer,
        onFrame: (meta) => frames.push(meta),
        onH264: (meta, au) => {
          expect(au.length).toBe(100);
          units.push(meta.seq);
        },
        expectFrames: () => true,
      });
      peer.channel.open();
      let no = 0;
      const send = (meta: object, kind: MediaKind) => {
        for (const m of encodeFrame(meta, new Uint8Array(100), no++, MAX_MESSAGE_BYTES, kind)) peer.channel.onmessage?.({ data: m.buffer });
      };
      return { r, socket, units, frames, send };
    }

    it('takes a trial copy as proof the channel delivers, without decoding it: the same unit comes by Socket.IO', () => {
      const { r, socket, units, frames, send } = open();
      send(unitMeta(10, true), 'h264-probe');
      expect(socket.emitted).toContain('webrtc:using');
      expect(r.upgrade?.state).toBe('active');
      expect(units).toEqual([]);
      expect(frames).toEqual([]);
      r.close();
    });

    it('hands units on in order once the relay sends the stream this way, and drops one that arrives after a newer one', () => {
      const { r, units, send } = open();
      send(unitMeta(10, true), 'h264');
      send(unitMeta(12, false), 'h264');
      send(unitMeta(11, false), 'h264'); // overtaken on the unordered channel: decoding it now would break the picture
      send(unitMeta(13, false), 'h264');
      send(unitMeta(5, true), 'h264'); // a keyframe always starts again (the relay restarted the stream from its GOP)
      send(unitMeta(6, false), 'h264');
      send(unitMeta(2, false, 2), 'h264'); // a new capture session numbers from the start
      expect(units).toEqual([10, 12, 13, 5, 6, 2]);
      r.close();
    });
  });
});
