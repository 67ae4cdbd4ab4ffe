/**
 * Talk-back is offered only where the camera has a back channel (#55 item 17): the capture program asks the camera
 * once, at start, and a stream without one is not offered to the relay, so the Live Monitor shows it no Talk button
 * (CameraInfo.talk absent); the same camera's stream with one is offered. GStreamer's ONVIF camera, a real relay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaptureProgram, type CaptureProgram } from '../../helpers/capture-program.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../../helpers/rtsp-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

describe.runIf(rtspCameraAvailable())('the capture program offers talk-back only where the camera has a back channel', () => {
  let camera: RtspCamera;
  let server: TestServer;
  const programs: CaptureProgram[] = [];
  beforeAll(async () => {
    camera = await startRtspCamera({ backchannel: true, user: 'admin', password: 'cam-pass' });
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const p of programs) await p.kill();
    await stopTestServer(server);
    await camera?.stop();
  });

  const run = (id: string, url: string) => {
    const program = startCaptureProgram([
      '--server',
      server.url,
      '--camera',
      id,
      '--token',
      server.captureToken,
      '--source',
      'rtsp',
      '--url',
      url,
      '--fps',
      '5',
    ]);
    programs.push(program);
    return program;
  };

  it('a stream with none: live, no talk, and the program says why', async () => {
    const program = run('yard', camera.url('main'));
    await waitFor(() => server.relay.cameras.get('yard')?.status === 'live', `the yard live\n${program.output()}`, 60_000);
    expect(server.relay.cameras.get('yard')?.talk).toBeUndefined();
    expect(program.output()).toMatch(/Talk-back: .*no talk-back on this stream.* The Live Monitor shows no Talk button for this camera\./);
  });

  it('a stream with one: offered, so the page may show Talk', async () => {
    const program = run('door', camera.url('talk'));
    await waitFor(
      () => server.relay.cameras.get('door')?.status === 'live' && server.relay.cameras.get('door')?.talk !== undefined,
      `the door live, one to talk to\n${program.output()}`,
      60_000,
    );
  });
});
