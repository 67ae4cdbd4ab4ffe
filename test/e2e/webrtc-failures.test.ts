import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser.js';
import { startCamera, type TestCamera } from '../helpers/capture.js';
import { freePort, startCaptureProcess, startServerProcess, type Program } from '../helpers/processes.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { patient, waitFor } from '../helpers/wait.js';
import { fixtureFrames } from '../helpers/webrtc.js';
import { framesOut, longestGap, openWebrtcMonitor, reportWebrtc, type WebrtcPage } from '../helpers/webrtc-page.js';
// Chromium's default flags, mDNS-hidden host candidates included: the server drops `.local`
// candidates and connects through peer-reflexive ones, as it must for users.
import { useBrowser } from '../helpers/browser.js';

// Leg 1 is under test: the camera stays on Socket.IO whatever the server offers it.
// A relay on loopback offers loopback candidates only (#37), and Chromium uses none: these relays
// listen on every address, as a LAN relay does.
const WEBRTC_HOST = '::';
const CAMERA = { frames: fixtureFrames(), fps: 15, transport: 'socketio' } as const;
const SOCKETIO = ['websocket', 'polling'];

/** Diagnostics' abandon reason and upgrade state, read at the same instant. */
const reasonAndState = (m: WebrtcPage) =>
  m.page.evaluate(() => ['diag-webrtc-abandon', 'diag-webrtc-state'].map((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null));

describe.runIf(browserAvailable())('webrtc upgrade failures in Chromium: frames keep coming over Socket.IO', () => {
  const browser = useBrowser();
  let server: TestServer | undefined;
  let camera: TestCamera | undefined;
  let monitor: WebrtcPage | undefined;
  let programs: Program[] = [];
  let dataDir: string | undefined;

  /** A server with WebRTC on, a camera, and the page upgraded and receiving over the data channel. */
  async function upgradedMonitor(): Promise<{ m: WebrtcPage; s: TestServer }> {
    const s = (server = await startTestServer({ webrtc: 'on', host: WEBRTC_HOST }));
    camera = await startCamera(server.url, server.captureToken, 'cam1', CAMERA);
    const m = (monitor = await openWebrtcMonitor(browser(), server.url));
    await m.openDiagnostics();
    await waitFor(async () => (await m.transport()) === 'webrtc', 'the page on webrtc');
    await waitFor(async () => (await m.dataChannel()).delivered > 30, 'some frames over the data channel');
    return { m, s };
  }

  afterEach(async () => {
    await monitor?.close();
    camera?.stop();
    await stopTestServer(server);
    await Promise.all(programs.map((p) => p.kill()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    server = camera = monitor = dataDir = undefined;
    programs = [];
  });

  it('ICE never connects (relay only, TURN unreachable): Socket.IO draws throughout, the reason shows once the ICE timeout ends the attempt, never webrtc', async () => {
    server = await startTestServer({
      webrtc: 'on',
      host: WEBRTC_HOST,
      iceTransportPolicy: 'relay',
      iceServers: [{ urls: 'turn:127.0.0.1:9', username: 'u', credential: 'p' }],
    });
    camera = await startCamera(server.url, server.captureToken, 'cam1', CAMERA);
    const m = (monitor = await openWebrtcMonitor(browser(), server.url));
    await m.openDiagnostics();
    const attemptAt = await waitFor(() => m.eventAt('webrtc: trying an upgrade'), 'the first attempt');
    // The reason and the state read in one go: on a loaded box, the next attempt (5 s later) could start between two reads.
    const [reason, state] = await waitFor(
      async () => {
        const [text, state] = await reasonAndState(m);
        return text && /^ICE (did not connect in time|failed)/.test(text) ? [text, state] : null;
      },
      'the ICE reason in Diagnostics',
      // The deadline is the bound: the ICE timeout ends the attempt, and a loaded CI box adds seconds to it.
      12_000,
    );
    // Reported, not asserted: a wall-clock time belongs in the report, the deadline above is the bound.
    const shownMs = Date.now() - attemptAt;
    expect(reason).toMatch(/candidates gathered: none/);
    expect(reason).toMatch(/ended by this browser/);
    expect(state).toMatch(/^ended · retry in \d+ s$/);
    expect(await m.text('diag-webrtc-pair')).toBe('none: ICE never chose one');

    // Socket.IO drew all along: no pause longer than a few frame intervals, and not one data-channel message.
    // Wait for 30 draws after the attempt (a loaded box can show the reason before 2 s of frames), then
    // check the whole window for pauses.
    await waitFor(async () => (await m.draws()).filter((d) => d.at > attemptAt).length > 30, '30 Socket.IO draws after the attempt', 10_000);
    const gap = longestGap(await m.draws(), attemptAt);
    expect(gap).toBeLessThan(patient(1000));
    expect((await m.dataChannel()).delivered).toBe(0);
    expect(await m.transportHistory()).not.toContain('webrtc');
    expect(server.relay.viewerLoad().map((v) => v.transport)).toEqual(['socketio']);
    reportWebrtc('ICE never connects', { 'attempt to reason shown': shownMs, 'longest pause between draws': gap, reason: reason.replace(/ \(ended.*/, '') });
  });

  it('the data channel goes silent after connecting: Socket.IO draws again within 6 s, no-frames shown, then upgrades again', async () => {
    const { m, s } = await upgradedMonitor();
    const sentBefore = (await framesOut(s.url)).socketio ?? 0;

    const mutedAt = Date.now();
    await m.muteDataChannel(true);
    const [reason, state] = await waitFor(
      async () => {
        // The reason and the ended state together, as a person reads them (each is drawn on its own tick).
        const [text, state] = await reasonAndState(m);
        return text?.startsWith('No frame arrived over the data channel') && state?.startsWith('ended') ? [text, state] : null;
      },
      'the no-frames reason and the ended state in Diagnostics',
      6000,
    );
    const reasonMs = Date.now() - mutedAt;
    const endedAt = await waitFor(() => m.eventAt('webrtc ended: no frame arrived'), 'the end in the connection log', 2000);
    // Frames that reach the page now came by Socket.IO: the data channel's are dropped before the page sees them.
    const again = await waitFor(async () => (await m.draws()).find((d) => d.at > endedAt), 'a frame drawn after the upgrade ended', 6000);
    const againMs = again.at - mutedAt;
    expect(againMs).toBeLessThan(patient(6000));
    await waitFor(async () => SOCKETIO.includes((await m.transport()) ?? ''), 'the indicator back on Socket.IO', 2000);
    await waitFor(async () => ((await framesOut(s.url)).socketio ?? 0) > sentBefore + 5, 'the server sending by Socket.IO again');
    expect(s.relay.viewerLoad().map((v) => v.transport)).toEqual(['socketio']);
    expect(state).toMatch(/^ended · retry in \d+ s$/);

    // The fault clears: after the backoff the next attempt carries frames again.
    await m.muteDataChannel(false);
    await waitFor(async () => (await m.transport()) === 'webrtc', 'webrtc again after the backoff', 15_000);
    const upgradedAgainMs = Date.now() - endedAt;
    reportWebrtc('data channel silent', {
      'silence to reason shown': reasonMs,
      'silence to Socket.IO frame drawn': againMs,
      'abandon to webrtc again (backoff)': upgradedAgainMs,
      reason: reason.replace(/ \(ended.*/, ''),
    });
    // Each wait above has its own deadline; the whole, with a relay started and a backoff waited out, can pass 30 s on a loaded box.
  });

  it("the page's abandon is late (signaling slower than the data channel): the server ends on the channel's close and Socket.IO draws again", async () => {
    const { m, s } = await upgradedMonitor();

    // The page's word arrives 1.5 s late; the closing data channel is all the server has before that.
    await m.holdAbandon(1500);
    const mutedAt = Date.now();
    await m.muteDataChannel(true);
    const endedAt = await waitFor(() => m.eventAt('webrtc ended: no frame arrived'), 'the page giving up', 6000);
    await waitFor(
      () =>
        s.relay
          .viewerLoad()
          .map((v) => v.transport)
          .join() === 'socketio',
      'the server back on Socket.IO before the late abandon arrives',
      1000,
      10,
    );
    const serverMs = Date.now() - endedAt;
    const again = await waitFor(async () => (await m.draws()).find((d) => d.at > endedAt), 'a frame drawn after the upgrade ended', 6000);
    expect(again.at - mutedAt).toBeLessThan(patient(6000));
    reportWebrtc('abandon late, channel close first', {
      'page gave up to server on Socket.IO': serverMs,
      'silence to Socket.IO frame drawn': again.at - mutedAt,
    });
  });

  it("the server is killed mid-stream and restarted: the page draws the camera's new frames again, the reason shows", async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'camrelay-webrtc-'));
    const port = await freePort();
    // ICE through werift on the relay's one thread takes longer on a loaded box: the setting a slow network would use.
    const env = { CAMRELAY_WEBRTC: 'on', CAMRELAY_WEBRTC_CONNECT_TIMEOUT_MS: String(patient(5000)) };
    const first = await startServerProcess(port, dataDir, env);
    programs.push(first);
    const url = `http://127.0.0.1:${port}`;
    const token = readFileSync(path.join(dataDir, 'capture-token'), 'utf8').trim();
    // A JPEG-only camera, as a capture program without ffmpeg is (it offers no H.264): the data channel carries JPEG
    // only, and a page that watched this camera as H.264 over Socket.IO held its JPEGs back, so under load the channel
    // could stop at its first few frames before the kill (CI: 5 messages, then none for 104 s).
    const noFfmpeg = path.join(dataDir, 'no-ffmpeg');
    writeFileSync(noFfmpeg, '');
    const capture = startCaptureProcess(url, token, 'door', ['--transport', 'socketio', '--ffmpeg-path', noFfmpeg]);
    programs.push(capture);
    const m = (monitor = await openWebrtcMonitor(browser(), url));
    await m.openDiagnostics();
    await waitFor(async () => (await m.transport()) === 'webrtc', 'the page on webrtc', 20_000).catch(async (err: Error) => {
      throw new Error(`${err.message}\nwhy the last upgrade ended: ${await m.text('diag-webrtc-abandon')}`);
    });
    // The upgrade is up; its first frames can take a while on a loaded box (werift on the relay's one thread).
    await waitFor(async () => (await m.dataChannel()).delivered > 5, 'frames over the data channel', 20_000).catch(async (err: Error) => {
      throw new Error(`${err.message}\ndata channel: ${JSON.stringify(await m.dataChannel())}\ncapture program: ${capture.output().slice(-800)}`);
    });

    const killedAt = Date.now();
    await first.kill('SIGKILL');
    programs.splice(programs.indexOf(first), 1);
    const reason = await waitFor(
      async () => {
        const text = await m.text('diag-webrtc-abandon');
        return text && /^(The Socket.IO connection carrying the signaling dropped|ICE disconnected)/.test(text) ? text : null;
      },
      'why the upgrade ended, in Diagnostics',
      6000,
    );
    const reasonMs = Date.now() - killedAt;
    expect(await m.transport()).not.toBe('webrtc');
    // The capture session before the kill: every frame of the camera's session through the restarted relay has a
    // higher epoch (a new relay numbers sessions from its clock), so a picture drawn late from before cannot pass.
    const oldEpoch = Math.max(...(await m.draws()).map((d) => d.epoch));

    const restarted = await startServerProcess(port, dataDir, env);
    programs.push(restarted);
    const upAt = Date.now();
    // Ten of them: frames flowing again, not one that got through before a stall.
    const again = await waitFor(
      async () => {
        const fresh = (await m.draws()).filter((d) => d.epoch > oldEpoch);
        return fresh.length >= 10 ? fresh[0] : null;
      },
      "10 frames of the camera's new session drawn",
      15_000,
      50,
    ).catch(async (err: Error) => {
      // What each part was doing, for a run that fails here (two CI runs did, neither reproduced on this box).
      const cameras = await fetch(`${url}/api/cameras`, {
        headers: { authorization: `Basic ${Buffer.from(`${TEST_ADMIN.username}:${TEST_ADMIN.password}`).toString('base64')}` },
      })
        .then((r) => r.text())
        .catch((e: Error) => e.message);
      throw new Error(
        `${err.message}\npage transport: ${await m.transport()}\nrelay's cameras: ${cameras.slice(0, 600)}\n` +
          `capture program: ${capture.output().slice(-800)}\nrestarted relay: ${restarted.output().slice(-800)}`,
      );
    });
    // The camera stayed JPEG-only: its status line never told of H.264 (it does once an encoder runs).
    expect(capture.output()).not.toContain('H.264:');
    const out = await framesOut(url);
    reportWebrtc('server killed, restarted', {
      'carried by': Object.entries(out)
        .filter(([, n]) => n > 0)
        .map(([t]) => t)
        .join(', '),
      'kill to reason shown': reasonMs,
      'server up to a new frame drawn': again.at - upAt,
      reason: reason.replace(/ \(ended.*/, ''),
    });
    // Two relay starts under tsx (2 to 5 s each on a loaded box) on top of the waits' own deadlines.
  });
});
