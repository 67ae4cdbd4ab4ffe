/** One WebRTC upgrade attempt's state machine, driven by hand through a fake peer and socket, on fake timers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebrtcUpgrade, type UpgradeEnd, type UpgradeHandlers } from '../../../common/webrtc/upgrade.js';
import { ANSWER_SDP, config, FakePeer, FakeSocket, OFFER_SDP } from './fakes.js';

const HOST = 'candidate:1 1 udp 2130706431 192.168.1.20 51234 typ host';

describe('WebrtcUpgrade', () => {
  let peer: FakePeer;
  let socket: FakeSocket;
  let ends: UpgradeEnd[];
  const upgrades: WebrtcUpgrade[] = [];

  beforeEach(() => {
    vi.useFakeTimers();
    socket = new FakeSocket();
    ends = [];
  });
  afterEach(() => {
    upgrades.splice(0).forEach((u) => u.abandon('closed'));
    vi.useRealTimers();
  });

  function start(handlers: UpgradeHandlers = {}, extra: { expectFrames?: () => boolean; stallMs?: number } = {}): WebrtcUpgrade {
    const upgrade = new WebrtcUpgrade({
      config: config(extra.stallMs ? { stallMs: extra.stallMs } : {}),
      createPeer: (c) => (peer = new FakePeer(c)),
      socket: socket.signaling,
      handlers: { onEnd: (e) => ends.push(e), ...handlers },
      ...(extra.expectFrames ? { expectFrames: extra.expectFrames } : {}),
    });
    upgrades.push(upgrade);
    return upgrade;
  }

  /** Starts an attempt and takes it through the offer/answer and an open channel: on trial. */
  async function onTrial(handlers: UpgradeHandlers = {}, extra: { expectFrames?: () => boolean } = {}): Promise<WebrtcUpgrade> {
    const upgrade = start(handlers, extra);
    await vi.advanceTimersByTimeAsync(0);
    socket.answer('webrtc:offer', { ok: true, answer: { type: 'answer', sdp: ANSWER_SDP } });
    await vi.advanceTimersByTimeAsync(0);
    peer.ice('connected');
    peer.channel.open();
    return upgrade;
  }

  describe('#ctor', () => {
    it('opens the frames data channel, unordered and without retransmits, on a peer built from the config', () => {
      const upgrade = start();
      expect(peer.config).toEqual({ iceServers: [], iceTransportPolicy: 'all' });
      expect(peer.channels).toEqual([{ label: 'frames', options: { ordered: false, maxRetransmits: 0 } }]);
      expect(peer.channel.binaryType).toBe('arraybuffer');
      expect(upgrade.state).toBe('connecting');
    });

    it("offers over the socket and applies the server's answer, noting its candidates", async () => {
      const upgrade = start();
      await vi.advanceTimersByTimeAsync(0);
      expect(socket.emitted('webrtc:offer')[0]![0]).toEqual({ type: 'offer', sdp: OFFER_SDP });
      socket.answer('webrtc:offer', { ok: true, answer: { type: 'answer', sdp: ANSWER_SDP } });
      await vi.advanceTimersByTimeAsync(0);
      expect(peer.remoteDescription).toEqual({ type: 'answer', sdp: ANSWER_SDP });
      expect([...upgrade.remoteTypes]).toEqual(['host']);
    });

    it('gives up as refused when the server refuses, and tells the server', async () => {
      const upgrade = start();
      await vi.advanceTimersByTimeAsync(0);
      socket.answer('webrtc:offer', { ok: false, error: 'WEBRTC_DISABLED', message: 'WebRTC is off.' });
      await vi.advanceTimersByTimeAsync(0);
      expect(upgrade.end).toMatchObject({ reason: 'refused', detail: 'WEBRTC_DISABLED: WebRTC is off.', remote: false });
      expect(socket.emitted('webrtc:abandon')).toEqual([[{ reason: 'refused', detail: 'WEBRTC_DISABLED: WebRTC is off.' }]]);
      expect([peer.closed, peer.channel.closed]).toEqual([true, true]);
    });

    it('gives up as refused for an answer that is not a data-channel description', async () => {
      const upgrade = start();
      await vi.advanceTimersByTimeAsync(0);
      socket.answer('webrtc:offer', { ok: true, answer: { type: 'answer', sdp: 'v=0\r\nm=video 9 RTP/AVP 96\r\n' } });
      await vi.advanceTimersByTimeAsync(0);
      expect(upgrade.end).toMatchObject({ reason: 'refused', detail: 'malformed answer' });
    });

    it("gives up as error, with the stack's words, when no offer can be made", async () => {
      const upgrade = new WebrtcUpgrade({
        config: config(),
        createPeer: () => Object.assign(new FakePeer(), { offerError: new Error('no SCTP') }),
        socket: socket.signaling,
        handlers: {},
      });
      upgrades.push(upgrade);
      await vi.advanceTimersByTimeAsync(0);
      expect(upgrade.end).toMatchObject({ reason: 'error', detail: 'no SCTP' });
      expect(socket.emitted('webrtc:offer')).toEqual([]);
    });
  });

  describe('while ICE connects', () => {
    it("trickles its candidates to the server, and the server's into the peer, ignoring junk", async () => {
      const upgrade = start();
      peer.onicecandidate!({ candidate: { candidate: HOST, sdpMid: '0', sdpMLineIndex: 0 } });
      peer.onicecandidate!({ candidate: null });
      expect(socket.emitted('webrtc:candidate')).toEqual([[{ candidate: HOST, sdpMid: '0', sdpMLineIndex: 0 }], [null]]);
      expect([...upgrade.localTypes]).toEqual(['host']);
      const relayed = { candidate: 'candidate:2 1 udp 1 203.0.113.5 3478 typ relay', sdpMid: '0', sdpMLineIndex: 0 };
      socket.serverEmits('webrtc:candidate', relayed);
      socket.serverEmits('webrtc:candidate', { candidate: 42 });
      socket.serverEmits('webrtc:candidate', null);
      await vi.advanceTimersByTimeAsync(0);
      expect(peer.added).toEqual([relayed, undefined]);
      expect([...upgrade.remoteTypes]).toEqual(['relay']);
    });

    it('gives up as ice-timeout at the deadline, saying where ICE stood and what was gathered', async () => {
      const upgrade = start();
      peer.onicecandidate!({ candidate: { candidate: HOST } });
      peer.ice('checking');
      await vi.advanceTimersByTimeAsync(4999);
      expect(upgrade.state).toBe('connecting');
      await vi.advanceTimersByTimeAsync(1);
      expect(upgrade.end).toMatchObject({ reason: 'ice-timeout', detail: 'after 5.0 s in checking; candidates gathered: host' });
    });

    it('gives up as ice-failed or ice-disconnected as ICE says', () => {
      start();
      peer.ice('failed');
      start();
      peer.ice('disconnected');
      expect(ends.map((e) => [e.reason, e.detail])).toEqual([
        ['ice-failed', 'candidates gathered: none'],
        ['ice-disconnected', ''],
      ]);
    });

    it('records each ICE state once, and reads the chosen pair once connected', async () => {
      const upgrade = start();
      peer.stats = [
        { id: 't', type: 'transport', selectedCandidatePairId: 'p' },
        { id: 'p', type: 'candidate-pair', localCandidateId: 'l', remoteCandidateId: 'r' },
        { id: 'l', type: 'local-candidate', candidateType: 'host', address: '192.168.1.20', port: 51234, protocol: 'udp' },
        { id: 'r', type: 'remote-candidate', candidateType: 'relay', address: '203.0.113.5', port: 3478, protocol: 'udp' },
      ];
      peer.ice('checking');
      peer.ice('checking');
      peer.ice('connected');
      await vi.advanceTimersByTimeAsync(0);
      expect(upgrade.iceHistory.map((h) => h.state)).toEqual(['new', 'checking', 'connected']);
      expect(upgrade.pair).toBe('host 192.168.1.20:51234 udp ⇄ relay 203.0.113.5:3478 udp');
    });
  });

  describe('once the channel opens', () => {
    it('is on trial, and active once the server says it ingests by the channel (sender)', async () => {
      const onOpen = vi.fn();
      const onUsing = vi.fn();
      const upgrade = await onTrial({ onOpen, onUsing });
      expect(upgrade.state).toBe('trial');
      expect(onOpen).toHaveBeenCalledWith(peer.channel);
      socket.serverEmits('webrtc:using');
      expect(upgrade.state).toBe('active');
      expect(upgrade.usingAt).not.toBeNull();
      expect(onUsing).toHaveBeenCalledTimes(1);
    });

    it('is active at the first frame and tells the server it uses the channel (receiver)', async () => {
      const upgrade = await onTrial({}, { expectFrames: () => true });
      upgrade.frameArrived();
      upgrade.frameArrived();
      expect([upgrade.state, upgrade.framesIn]).toEqual(['active', 2]);
      expect(socket.emitted('webrtc:using')).toEqual([[]]);
    });

    it('is no longer held to the connect deadline', async () => {
      const upgrade = await onTrial();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(upgrade.state).toBe('trial');
    });

    it('gives up as no-frames when none arrive for stallMs while frames are owed, and not while they are not', async () => {
      let owed = false;
      const upgrade = await onTrial({}, { expectFrames: () => owed });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(upgrade.state).toBe('trial');
      owed = true;
      await vi.advanceTimersByTimeAsync(2000);
      expect(upgrade.state).toBe('trial');
      await vi.advanceTimersByTimeAsync(250);
      expect(upgrade.end).toMatchObject({ reason: 'no-frames', detail: expect.stringMatching(/^none for 2\.\d s \(0 before\)$/) });
    });

    it('gives up as channel-closed when the channel closes under it', async () => {
      const upgrade = await onTrial();
      peer.channel.onclose!();
      expect(upgrade.end).toMatchObject({ reason: 'channel-closed' });
    });

    it('hands what the channel carries to onMessage', async () => {
      const onMessage = vi.fn();
      await onTrial({ onMessage });
      peer.channel.onmessage!({ data: new Uint8Array([1, 2]) });
      expect(onMessage).toHaveBeenCalledWith(new Uint8Array([1, 2]));
    });
  });

  describe('#abandon', () => {
    it('closes the peer and the channel, stops listening to the socket, and reports once', async () => {
      const changes = vi.fn();
      const upgrade = await onTrial({ onChange: changes });
      upgrade.abandon('closed', 'the user switched it off');
      upgrade.abandon('error', 'too late');
      expect(ends).toEqual([expect.objectContaining({ reason: 'closed', detail: 'the user switched it off', remote: false })]);
      expect([peer.closed, peer.channel.closed]).toEqual([true, true]);
      expect(['webrtc:candidate', 'webrtc:using', 'webrtc:abandon', 'disconnect'].map((e) => socket.listenerCount(e))).toEqual([0, 0, 0, 0]);
      expect(socket.emitted('webrtc:abandon')).toEqual([[{ reason: 'closed', detail: 'the user switched it off' }]]);
      expect(changes).toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);
    });

    it('does not answer the server giving up', async () => {
      const upgrade = await onTrial();
      socket.serverEmits('webrtc:abandon', { reason: 'no-frames', detail: 'none for 2.1 s' });
      expect(upgrade.end).toMatchObject({ reason: 'no-frames', detail: 'none for 2.1 s', remote: true });
      expect(socket.emitted('webrtc:abandon')).toEqual([]);
    });

    it('ends as signaling-lost, silently, when the socket drops', async () => {
      const upgrade = await onTrial();
      socket.disconnect();
      expect(upgrade.end).toMatchObject({ reason: 'signaling-lost', remote: false });
      expect(socket.emitted('webrtc:abandon')).toEqual([]);
    });
  });
});
