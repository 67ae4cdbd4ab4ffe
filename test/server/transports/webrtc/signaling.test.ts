import { Writable } from 'node:stream';
import { createHmac } from 'node:crypto';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { RTCPeerConnection } from 'werift';
import { afterEach, describe, expect, it } from 'vitest';
import { startCamera, type TestCamera } from '../../../helpers/capture.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../../helpers/server.js';
import { connectViewer, type TestViewer } from '../../../helpers/viewer.js';
import { waitFor } from '../../../helpers/wait.js';
import type { ServerConfig } from '../../../../server/load-config.js';
import { hashPassword } from '../../../../server/auth/passwords.js';

type Reply = {
  ok?: boolean;
  error?: string;
  message?: string;
  answer?: { sdp: string };
  mode?: string;
  iceServers?: Array<{ urls: string; username?: string; credential?: string }>;
};

function monitorSocket(url: string): Promise<Socket> {
  const socket = io(`${url}/monitor`, { transports: ['websocket'], forceNew: true, auth: TEST_ADMIN });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const ask = (socket: Socket, event: string, ...args: unknown[]) => socket.timeout(5000).emitWithAck(event, ...args) as Promise<Reply>;

/** A real offer with a data channel, as a client makes it. */
async function realOffer(): Promise<{ pc: RTCPeerConnection; sdp: string }> {
  const pc = new RTCPeerConnection({ iceServers: [] });
  pc.createDataChannel('frames', { ordered: false, maxRetransmits: 0 });
  await pc.setLocalDescription(await pc.createOffer());
  return { pc, sdp: pc.localDescription!.sdp };
}

describe('webrtc signaling', () => {
  let server: TestServer | undefined;
  const sockets: Socket[] = [];
  const peers: RTCPeerConnection[] = [];
  let camera: TestCamera | undefined;
  let viewer: TestViewer | undefined;

  const start = async (overrides: Partial<ServerConfig> = {}) => (server = await startTestServer({ webrtc: 'optional', ...overrides }));
  const socket = async () => {
    const s = await monitorSocket(server!.url);
    sockets.push(s);
    return s;
  };

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    for (const pc of peers.splice(0)) await pc.close();
    camera?.stop();
    viewer?.close();
    await stopTestServer(server);
    server = camera = viewer = undefined;
  });

  it('hands signed-in clients the ICE servers with short-lived TURN credentials of their own', async () => {
    await start({ iceServers: [{ urls: 'stun:stun.example.org' }, { urls: 'turn:turn.example.org' }], turnSecret: 'coturn-secret', turnTtlS: 600 });
    const config = await ask(await socket(), 'webrtc:config');
    expect(config.mode).toBe('optional');
    const turn = config.iceServers![1]!;
    expect(turn.username).toMatch(/^\d+:admin$/);
    expect(turn.credential).toBe(createHmac('sha1', 'coturn-secret').update(turn.username!).digest('base64'));
    expect(Number(turn.username!.split(':')[0]) * 1000 - Date.now()).toBeGreaterThan(590_000);
  });

  it('offers only loopback candidates when the relay listens on loopback, and connects on them (#37 item 16)', async () => {
    await start(); // host 127.0.0.1, as `--host 127.0.0.1`
    const s = await socket();
    const trickled: Array<string | null> = [];
    s.on('webrtc:candidate', (c: { candidate: string } | null) => trickled.push(c ? c.candidate : null));
    const pc = new RTCPeerConnection({ iceServers: [] });
    peers.push(pc);
    const channel = pc.createDataChannel('frames', { ordered: false, maxRetransmits: 0 });
    const opened = new Promise<void>((resolve) => channel.stateChanged.subscribe((st) => st === 'open' && resolve()));
    await pc.setLocalDescription(await pc.createOffer());
    const client = { pc, sdp: pc.localDescription!.sdp };
    client.pc.onIceCandidate.subscribe((c) => c && s.emit('webrtc:candidate', c.toJSON()));
    const reply = await ask(s, 'webrtc:offer', { type: 'offer', sdp: client.sdp });
    expect(reply.ok).toBe(true);
    await client.pc.setRemoteDescription({ type: 'answer', sdp: reply.answer!.sdp });
    await waitFor(() => trickled.includes(null), "the end of the relay's candidates", 15_000);
    for (const c of trickled) if (c) await client.pc.addIceCandidate({ candidate: c, sdpMid: '0', sdpMLineIndex: 0 });
    const offered = [...reply.answer!.sdp.matchAll(/^a=(candidate:.*)$/gm)].map((m) => m[1]!.trim()).concat(trickled.filter((c) => c !== null));
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.map((c) => c.split(/\s+/)[4]).filter((address) => !address!.startsWith('127.'))).toEqual([]);
    await opened;
  });

  it('refuses every upgrade with WEBRTC_DISABLED when switched off', async () => {
    await start({ webrtc: 'off' });
    const s = await socket();
    expect((await ask(s, 'webrtc:config')).error).toBe('WEBRTC_DISABLED');
    expect((await ask(s, 'webrtc:offer', { type: 'offer', sdp: 'v=0' })).error).toBe('WEBRTC_DISABLED');
  });

  it('answers malformed offers with BAD_SIGNAL and keeps serving frames to everyone', async () => {
    await start();
    camera = await startCamera(server!.url, server!.captureToken, 'cam1');
    viewer = connectViewer(server!.url);
    const cases: unknown[] = [
      undefined,
      'offer',
      { type: 'answer', sdp: 'v=0' },
      { type: 'offer', sdp: 'x'.repeat(70_000) },
      { type: 'offer', sdp: 42 },
      { type: 'offer', sdp: 'not an sdp at all' },
      { type: 'offer', sdp: 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fingerprint:sha-256 00\r\n' },
    ];
    for (const offer of cases) {
      const s = await socket(); // a fresh socket each time: one offer a second per socket
      const reply = await ask(s, 'webrtc:offer', offer);
      expect(reply.error).toBe('BAD_SIGNAL');
      // Candidates and abandons that make no sense are ignored, not fatal.
      s.emit('webrtc:candidate', { candidate: 5 });
      s.emit('webrtc:abandon', { reason: '__proto__' });
    }
    const seen = viewer.frames.length;
    await waitFor(() => viewer!.frames.length > seen + 5, 'frames still flowing to a plain viewer');
    expect(server!.webrtc!.peers).toBe(0);
  });

  it('takes one offer a second per socket', async () => {
    await start();
    const s = await socket();
    const first = await realOffer();
    const second = await realOffer();
    peers.push(first.pc, second.pc);
    expect((await ask(s, 'webrtc:offer', { type: 'offer', sdp: first.sdp })).ok).toBe(true);
    const again = await ask(s, 'webrtc:offer', { type: 'offer', sdp: second.sdp });
    expect(again.error).toBe('BAD_SIGNAL');
    expect(again.message).toMatch(/a second/);
  });

  it('refuses peers beyond the limit with WEBRTC_BUSY, and frees them when clients leave', async () => {
    await start({ webrtcMaxPeers: 1 });
    const [a, b] = [await socket(), await socket()];
    const [oa, ob] = [await realOffer(), await realOffer()];
    peers.push(oa.pc, ob.pc);
    expect((await ask(a, 'webrtc:offer', { type: 'offer', sdp: oa.sdp })).ok).toBe(true);
    expect((await ask(b, 'webrtc:offer', { type: 'offer', sdp: ob.sdp })).error).toBe('WEBRTC_BUSY');
    expect(server!.webrtc!.peers).toBe(1);
    a.close();
    await waitFor(() => server!.webrtc!.peers === 0, 'the peer released on disconnect');
    expect(server!.webrtc!.abandoned.get('signaling-lost')).toBe(1);
  });

  it('caps the peers of one account and of one address, and says which cap was hit', async () => {
    await start({ webrtcMaxPeersPerUser: 1, webrtcMaxPeersPerAddress: 2 });
    const other = { username: 'bob', password: 'bob-password-123' };
    server!.store.putUser({ username: other.username, role: 'viewer', cameras: '*', password: await hashPassword(other.password) });
    const asBob = async () => {
      const s = io(`${server!.url}/monitor`, { transports: ['websocket'], forceNew: true, auth: other });
      sockets.push(s);
      await new Promise<void>((resolve, reject) => (s.once('connect', () => resolve()), s.once('connect_error', reject)));
      return s;
    };
    const [admin1, admin2, bob1, bob2] = [await socket(), await socket(), await asBob(), await asBob()];
    const offers = await Promise.all([realOffer(), realOffer(), realOffer(), realOffer()]);
    peers.push(...offers.map((o) => o.pc));
    const offer = (s: Socket, i: number) => ask(s, 'webrtc:offer', { type: 'offer', sdp: offers[i]!.sdp });

    expect((await offer(admin1, 0)).ok).toBe(true);
    const sameUser = await offer(admin2, 1);
    expect(sameUser.error).toBe('WEBRTC_BUSY');
    expect(sameUser.message).toContain('CAMRELAY_WEBRTC_MAX_PEERS_PER_USER');
    // Another account is not held back by the admin's cap...
    expect((await offer(bob1, 2)).ok).toBe(true);
    // ...but every client here shares 127.0.0.1, which now has its two.
    const sameAddress = await offer(bob2, 3);
    expect(sameAddress.error).toBe('WEBRTC_BUSY');
    expect(sameAddress.message).toContain('CAMRELAY_WEBRTC_MAX_PEERS_PER_ADDRESS');
    expect(server!.webrtc!.peers).toBe(2);
  });

  it('never writes TURN credentials or the secret to the log', async () => {
    let logged = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((logged += String(chunk)), done()) });
    const { startServer } = await import('../../../../server/start-server.js');
    const { DEFAULTS } = await import('../../../../server/load-config.js');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-test-'));
    const config = {
      ...DEFAULTS,
      host: '127.0.0.1',
      port: 0,
      dataDir,
      adminPassword: TEST_ADMIN.password,
      webrtc: 'on' as const,
      iceServers: [{ urls: 'turn:turn.example.org' }],
      turnSecret: 'very-secret-value',
    };
    server = Object.assign(await startServer(config, pino({ level: 'trace' }, sink)), { dataDir, config, adminAuth: { authorization: '' } });
    const s = await socket();
    const reply = await ask(s, 'webrtc:config');
    const { pc, sdp } = await realOffer();
    peers.push(pc);
    await ask(s, 'webrtc:offer', { type: 'offer', sdp });
    expect(logged).toContain('webrtc');
    expect(logged).not.toContain('very-secret-value');
    expect(logged).not.toContain(reply.iceServers![0]!.credential!);
  });
});
