/**
 * Talk-back to a real camera's ONVIF audio back channel: GStreamer's RTSPOnvifServer (test/fixtures/ipcam) hears
 * what the capture program says as G.711 over RTP in the RTSP session, and says when the sound starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backchannel, TALK_SAMPLES_PER_PACKET } from '../../../capture-client/talk/backchannel.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../../helpers/rtsp-camera.js';
import { waitFor } from '../../helpers/wait.js';
import { tone } from '../../helpers/tone.js';

const heard = (camera: RtspCamera) => camera.output().match(/^HEARD \d+ \d+$/gm) ?? [];
const bytesHeard = (camera: RtspCamera) => Math.max(0, ...[...camera.output().matchAll(/^TALKBYTES (\d+)$/gm)].map((m) => Number(m[1])));

describe.runIf(rtspCameraAvailable())('Backchannel: talking to an IP camera through its ONVIF audio back channel', () => {
  let camera: RtspCamera;
  beforeAll(async () => {
    camera = await startRtspCamera({ backchannel: true, user: 'admin', password: 'p@ss:w/rd' });
  });
  afterAll(() => camera?.stop());

  it('opens the back channel with the camera’s password, and the camera hears a second of speech, every sample', async () => {
    const talk = await Backchannel.open(camera.url('talk'));
    expect(talk.track).toMatchObject({ law: 'pcmu', payloadType: 0, clockRate: 8000 });
    // Fifty 20 ms pieces as a page sends them, cut where a browser's buffers fall, not on packet bounds.
    const sound = tone(1000);
    for (let at = 0; at < sound.length; at += 128) talk.say(sound.subarray(at, at + 128));
    await waitFor(() => heard(camera).length > 0, 'the camera to hear the tone', 10_000);
    await waitFor(() => bytesHeard(camera) >= 8000 - TALK_SAMPLES_PER_PACKET, 'a second of samples at the camera', 10_000);
    expect(talk.dropped).toBe(0);
    talk.close();
    await waitFor(() => talk.closed, 'the session closed');
  });

  it('says TALK_UNSUPPORTED with why for a stream with no back channel, and CAMERA_AUTH for a wrong password', async () => {
    await expect(Backchannel.open(camera.url('main'))).rejects.toMatchObject({ code: 'TALK_UNSUPPORTED' });
    await expect(Backchannel.open(camera.url('talk', { user: 'admin', password: 'wrong' }))).rejects.toMatchObject({ code: 'CAMERA_AUTH' });
  });

  it('says whether a stream offers a back channel before anyone talks: yes, no, or cannot tell now (#55 item 17)', async () => {
    expect(await Backchannel.offered(camera.url('talk'))).toEqual({ offered: true, why: '' });
    expect((await Backchannel.offered(camera.url('main'))).offered).toBe(false);
    // A wrong password or a camera that is not there: not known, so not taken as "none".
    expect((await Backchannel.offered(camera.url('talk', { user: 'admin', password: 'wrong' }))).offered).toBeNull();
    expect((await Backchannel.offered('rtsp://127.0.0.1:1/talk')).offered).toBeNull();
  });
});
