/**
 * Talk back end to end but for the page (#40 item 4): an admin's Socket.IO client on /monitor talks, the real relay
 * carries it to the real capture program watching GStreamer's ONVIF camera (/talk), whose back channel hears it;
 * every viewer's camera list names the talker; a viewer may not talk unless an admin let them (and then only through a
 * camera they may watch), a second admin is told who is talking.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import { TALK_PIECE_MAX_BYTES, type TalkReply } from '../../../shared/talk.js';
import { type CaptureProgram } from '../../helpers/capture-program.js';
import { rtspCameraAvailable, type RtspCamera } from '../../helpers/rtsp-camera.js';
import { TEST_ADMIN, type TestServer } from '../../helpers/server.js';
import { connectViewer, type TestViewer } from '../../helpers/viewer.js';
import { startTalkRig } from '../../helpers/talk-rig.js';
import { waitFor } from '../../helpers/wait.js';
import { sayTone } from '../../helpers/tone.js';

const VIEWER = { username: 'guard', password: 'guard-password-1' };
/** Viewers an admin let talk: one who may watch the door, one who may not. */
const SPEAKER = { username: 'speaker', password: 'speaker-password-1' };
const OUTSIDER = { username: 'outsider', password: 'outsider-password-1' };

function monitor(url: string, auth: { username: string; password: string }): Socket {
  return io(`${url}/monitor`, { transports: ['websocket'], forceNew: true, auth });
}

/** How many times the camera has heard a burst of sound (one after 300 ms of quiet). */
const heard = (camera: RtspCamera) => (camera.output().match(/^HEARD /gm) ?? []).length;
/** Samples the camera's back channel has taken in all, as it reports each second. */
const samples = (camera: RtspCamera) => Number([...camera.output().matchAll(/^TALKBYTES (\d+)$/gm)].at(-1)?.[1] ?? 0);

const ask = (s: Socket, event: 'talk-start', cameraId: string) => s.timeout(15_000).emitWithAck(event, { cameraId }) as Promise<TalkReply>;

describe.runIf(rtspCameraAvailable())('talk back through the relay to an ONVIF camera', () => {
  let camera: RtspCamera;
  let server: TestServer;
  let program: CaptureProgram;
  let watcher: TestViewer;
  let stop: (() => Promise<void>) | undefined;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    ({ camera, server, program, stop } = await startTalkRig(async (relay) => {
      relay.store.putUser({ username: VIEWER.username, role: 'viewer', cameras: '*', password: await hashPassword(VIEWER.password) });
      relay.store.putUser({ username: SPEAKER.username, role: 'viewer', cameras: ['door'], talk: true, password: await hashPassword(SPEAKER.password) });
      relay.store.putUser({ username: OUTSIDER.username, role: 'viewer', cameras: ['garage'], talk: true, password: await hashPassword(OUTSIDER.password) });
    }));
    watcher = connectViewer(server.url, { auth: VIEWER });
    await waitFor(() => watcher.cameras.find((c) => c.id === 'door')?.talk !== undefined, `the camera listed as one to talk to\n${program.output()}`, 60_000);
    await waitFor(() => watcher.cameras.find((c) => c.id === 'door')?.status === 'live', `the camera live\n${program.output()}`, 60_000);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    watcher?.close();
    await stop?.();
  });

  it('carries an admin’s words to the camera, names the talker to every viewer, and ends when asked', async () => {
    const admin = monitor(server.url, TEST_ADMIN);
    sockets.push(admin);
    expect(await ask(admin, 'talk-start', 'door'), program.output() + camera.output()).toEqual({ ok: true });
    await waitFor(() => watcher.cameras.find((c) => c.id === 'door')?.talk?.talking === TEST_ADMIN.username, 'the viewer told who talks');
    await sayTone(admin, 'door');
    await waitFor(() => /^HEARD \d+ \d+$/m.test(camera.output()), 'the camera to hear the words', 15_000);
    expect(program.output()).toContain("Talk-back: the camera's back channel is open (G.711 μ-law)");

    // One talker at a time: a second admin is told who; a viewer may not talk at all.
    const other = monitor(server.url, TEST_ADMIN);
    const viewer = monitor(server.url, VIEWER);
    sockets.push(other, viewer);
    expect(await ask(other, 'talk-start', 'door')).toMatchObject({ ok: false, error: 'TALK_BUSY', message: expect.stringContaining('admin is talking') });
    expect(await ask(viewer, 'talk-start', 'door')).toMatchObject({ ok: false, error: 'TALK_NOT_ALLOWED' });

    admin.emit('talk-stop', { cameraId: 'door' });
    await waitFor(() => watcher.cameras.find((c) => c.id === 'door')?.talk?.talking === undefined, 'the talker cleared from the list');
    expect(await ask(other, 'talk-start', 'door')).toEqual({ ok: true });
    other.close();
    await waitFor(() => watcher.cameras.find((c) => c.id === 'door')?.talk?.talking === undefined, 'a talker who leaves cleared from the list');

    // A viewer an admin let talk may, through a camera they may watch; not through one they may not.
    const speaker = monitor(server.url, SPEAKER);
    const outsider = monitor(server.url, OUTSIDER);
    sockets.push(speaker, outsider);
    expect(await ask(outsider, 'talk-start', 'door')).toMatchObject({ ok: false, error: 'TALK_NOT_ALLOWED' });
    expect(await ask(speaker, 'talk-start', 'door')).toEqual({ ok: true });
    await waitFor(() => watcher.cameras.find((c) => c.id === 'door')?.talk?.talking === SPEAKER.username, 'the viewer told the speaker talks');
    speaker.emit('talk-stop', { cameraId: 'door' });
    await waitFor(() => watcher.cameras.find((c) => c.id === 'door')?.talk?.talking === undefined, "the speaker's talk ended");
  });

  it('refuses what is not a talk request or a piece of sound, and keeps serving', async () => {
    const admin = monitor(server.url, TEST_ADMIN);
    sockets.push(admin);
    expect(await ask(admin, 'talk-start', 'x'.repeat(65))).toMatchObject({ ok: false, error: 'BAD_TALK' });
    expect(await ask(admin, 'talk-start', 'nowhere')).toMatchObject({ ok: false, error: 'TALK_UNSUPPORTED' });
    expect(await ask(admin, 'talk-start', 'door')).toEqual({ ok: true });
    // Too large, odd-sized, not bytes: dropped; the talk goes on and the camera still hears what is right.
    admin.emit('talk', { cameraId: 'door' }, Buffer.alloc(TALK_PIECE_MAX_BYTES + 2));
    admin.emit('talk', { cameraId: 'door' }, Buffer.alloc(321));
    admin.emit('talk', { cameraId: 'door' }, 'not sound');
    const before = heard(camera);
    await sayTone(admin, 'door');
    await waitFor(() => heard(camera) > before, 'the camera to hear the words again', 15_000);
    expect(watcher.cameras.find((c) => c.id === 'door')).toMatchObject({ status: 'live' });
    admin.emit('talk-stop', { cameraId: 'door' });
  });

  it('answers two asks at once, from one page or two, without closing the back channel the first one opened', async () => {
    const talkerCleared = () => waitFor(() => watcher.cameras.find((c) => c.id === 'door')?.talk?.talking === undefined, 'no talker listed');
    await talkerCleared();
    // One page asking again while the camera opens (a quick stop and press): both answers are yes, and it talks.
    const admin = monitor(server.url, TEST_ADMIN);
    sockets.push(admin);
    expect(await Promise.all([ask(admin, 'talk-start', 'door'), ask(admin, 'talk-start', 'door')])).toEqual([{ ok: true }, { ok: true }]);
    // Counted in samples: a tone within 300 ms of the last test's is one burst to the camera, and says no new HEARD.
    let before = samples(camera);
    await sayTone(admin, 'door');
    await waitFor(() => samples(camera) >= before + 4000, 'the camera to hear half a second of the page that asked twice', 15_000);
    admin.emit('talk-stop', { cameraId: 'door' });
    await talkerCleared();
    // Two pages at once: one talks, the other is told who; the first one's words still reach the camera.
    const other = monitor(server.url, TEST_ADMIN);
    sockets.push(other);
    await waitFor(() => admin.connected && other.connected, 'both pages connected');
    const replies = await Promise.all([ask(admin, 'talk-start', 'door'), ask(other, 'talk-start', 'door')]);
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    expect(replies.find((r) => !r.ok)).toMatchObject({ error: 'TALK_BUSY' });
    const talker = replies[0]!.ok ? admin : other;
    before = samples(camera);
    await sayTone(talker, 'door');
    await waitFor(() => samples(camera) >= before + 4000, 'the camera to hear half a second of the page that was first', 15_000);
    talker.emit('talk-stop', { cameraId: 'door' });
  });
});
