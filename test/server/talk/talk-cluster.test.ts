/**
 * Talk back across cluster nodes (#40 item 4): two real relay nodes on one real redis-server; the real capture
 * program watching GStreamer's ONVIF camera (/talk) is connected to node B, the admin talking is on node A. The
 * camera hears node A's page, node A's viewers are told who talks, one talker at a time across nodes, and the talk
 * ends when the page leaves or the camera's capture program does, with the page told why.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TalkEnded, TalkReply } from '../../../shared/talk.js';
import { redisAvailable, startRedis, type TestRedis } from '../../helpers/redis.js';
import { rtspCameraAvailable } from '../../helpers/rtsp-camera.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../helpers/server.js';
import { startTalkRig, type TalkRig } from '../../helpers/talk-rig.js';
import { sayTone } from '../../helpers/tone.js';
import { connectViewer, type TestViewer } from '../../helpers/viewer.js';
import { waitFor } from '../../helpers/wait.js';

const monitor = (url: string): Socket => io(`${url}/monitor`, { transports: ['websocket'], forceNew: true, auth: TEST_ADMIN });
const ask = (s: Socket, cameraId: string) => s.timeout(20_000).emitWithAck('talk-start', { cameraId }) as Promise<TalkReply>;
const heard = (rig: TalkRig) => (rig.camera.output().match(/^HEARD /gm) ?? []).length;

describe.runIf(redisAvailable() && rtspCameraAvailable())('talk back across cluster nodes', () => {
  let redis: TestRedis;
  let rig: TalkRig;
  let a: TestServer;
  let watcher: TestViewer;
  const sockets: Socket[] = [];
  const talking = () => watcher.cameras.find((c) => c.id === 'door')?.talk?.talking;

  beforeAll(async () => {
    redis = await startRedis();
    rig = await startTalkRig(() => {}, { redisUrl: redis.url });
    // Node A shares node B's data folder, as docs/scaling.md asks.
    a = await startTestServer({ redisUrl: redis.url, dataDir: rig.server.dataDir });
    watcher = connectViewer(a.url);
    await waitFor(() => watcher.cameras.find((c) => c.id === 'door')?.talk !== undefined, 'node A to list the camera as one to talk to', 30_000);
  }, 120_000);
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    watcher?.close();
    if (a) await stopTestServer(a);
    await rig?.stop();
    await redis?.stop();
  });

  it("carries a page's words on node A to the camera held on node B, names the talker on node A, one talker across nodes", async () => {
    const onA = monitor(a.url);
    const onB = monitor(rig.server.url);
    sockets.push(onA, onB);
    expect(await ask(onA, 'door'), rig.program.output()).toEqual({ ok: true });
    await waitFor(() => talking() === TEST_ADMIN.username, "node A's viewer told who talks", 20_000);
    const before = heard(rig);
    await sayTone(onA, 'door');
    await waitFor(() => heard(rig) > before, `the camera to hear node A's page\n${rig.program.output()}`, 20_000);

    // The camera is taken, whichever node asks.
    expect(await ask(onB, 'door')).toMatchObject({ ok: false, error: 'TALK_BUSY', message: expect.stringContaining(`${TEST_ADMIN.username} is talking`) });

    onA.emit('talk-stop', { cameraId: 'door' });
    await waitFor(() => talking() === undefined, 'the talker cleared on node A', 20_000);
    expect(await ask(onB, 'door')).toEqual({ ok: true });
    onB.emit('talk-stop', { cameraId: 'door' });
    await waitFor(() => rig.server.relay.cameras.get('door')?.talk?.talking === undefined, 'the talk on node B ended');
  }, 120_000);

  it('ends the talk when the page on node A leaves, and tells it why when the capture program does', async () => {
    const leaver = monitor(a.url);
    sockets.push(leaver);
    expect(await ask(leaver, 'door')).toEqual({ ok: true });
    await waitFor(() => rig.server.relay.cameras.get('door')?.talk?.talking === TEST_ADMIN.username, 'the talk open on node B');
    leaver.close();
    await waitFor(() => rig.server.relay.cameras.get('door')?.talk?.talking === undefined, "a page's leaving ends its talk on the camera's node", 20_000);

    const page = monitor(a.url);
    sockets.push(page);
    const ended = new Promise<TalkEnded>((resolve) => page.on('talk-ended', resolve));
    expect(await ask(page, 'door')).toEqual({ ok: true });
    await rig.program.kill();
    expect(await ended).toMatchObject({ cameraId: 'door', error: 'TALK_FAILED', message: "The camera's capture program disconnected." });
  }, 120_000);
});
