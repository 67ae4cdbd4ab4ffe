/**
 * `--probe` (#42 item 2): the capture program tries an IP camera's address as the Admin's Test does, against
 * GStreamer's RTSP camera: its stream described and one picture back, or the camera's refusal in words, never the
 * password. Run as the relay runs it: the program, the address in CAMRELAY_CAMERA_URL, one line of JSON out.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeCamera, type ProbeAnswer } from '../../../capture-client/probe/probe-camera.js';
import { startCaptureProgram } from '../../helpers/capture-program.js';
import { freePort } from '../../helpers/processes.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../../helpers/rtsp-camera.js';
import { waitFor } from '../../helpers/wait.js';

describe.runIf(rtspCameraAvailable())('--probe: an IP camera tried before it is saved', () => {
  let camera: RtspCamera;
  beforeAll(async () => {
    camera = await startRtspCamera({ user: 'admin', password: 'se:cr/et' });
  });
  afterAll(() => camera?.stop());

  it('describes the stream and brings back one picture at most 640 wide, with the sound’s codec', async () => {
    const main = await probeCamera(camera.url('main'));
    expect(main).toMatchObject({ ok: true, codec: 'h264', width: 1280, height: 720, audio: null });
    const picture = await sharp(Buffer.from((main as ProbeAnswer & { ok: true }).jpeg, 'base64')).metadata();
    expect([picture.format, picture.width, picture.height]).toEqual(['jpeg', 640, 360]);
    expect(await probeCamera(camera.url('main-aac'))).toMatchObject({ ok: true, codec: 'h264', audio: 'aac' });
  });

  it('says a wrong password, a wrong path and a camera that is not there, without the password', async () => {
    const wrong = await probeCamera(camera.url('main', { user: 'admin', password: 'not-it-4242' }));
    expect(wrong).toMatchObject({ ok: false, error: 'CAMERA_AUTH' });
    expect((wrong as { message: string }).message).toMatch(/refused the user name or password .*check them in the address\.$/);
    expect(JSON.stringify(wrong)).not.toContain('not-it-4242');
    expect(await probeCamera(camera.url('main').replace(/\/main$/, '/nothing-here'))).toMatchObject({ ok: false, error: 'SOURCE_FAILED' });
    expect(await probeCamera(`rtsp://127.0.0.1:${await freePort()}/main`)).toMatchObject({ ok: false, error: 'CAMERA_UNREACHABLE' });
  });

  it('prints one line of JSON when run as the relay runs it, the address in the environment', async () => {
    const program = startCaptureProgram(['--probe'], { CAMRELAY_CAMERA_URL: camera.url('sub') });
    await waitFor(() => program.child.exitCode !== null, `the probe to end\n${program.output()}`, 30_000);
    expect(program.child.exitCode).toBe(0);
    const answer = JSON.parse(program.output().trim().split('\n').pop()!) as ProbeAnswer;
    expect(answer).toMatchObject({ ok: true, codec: 'h264', width: 640, height: 360 });
  });
});
