/**
 * Two capture programs sending one camera id (#37 item 8: the PC's program and the relay's own IP camera
 * taking one camera): the one that has it keeps it, the other waits as a standby and says why, and takes
 * over once the first ends. They used to take it from each other in a loop whenever something started the
 * one taken over again (the relay's backoff, a service manager).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaptureProcess, type Program } from '../helpers/processes.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

describe('cameraRunner', () => {
  let server: TestServer;
  const programs: Program[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await Promise.all(programs.map((p) => p.kill()));
    await stopTestServer(server);
  });

  it('waits as a standby for a camera id another program sends, and takes it once that one ends', async () => {
    const first = startCaptureProcess(server.url, server.captureToken, 'porch');
    programs.push(first);
    await waitFor(() => (server.relay.cameras.get('porch')?.framesIn ?? 0) > 5, 'the first program live', 30_000, 50);
    const second = startCaptureProcess(server.url, server.captureToken, 'porch');
    programs.push(second);
    await waitFor(() => second.output().includes('CAMERA_IN_USE'), `the second one to wait (it said: ${second.output().slice(-300)})`, 30_000, 50);
    expect(first.output()).not.toContain('took it over');
    expect(first.child.exitCode).toBeNull();
    const framesBefore = server.relay.cameras.get('porch')!.framesIn;
    await waitFor(() => server.relay.cameras.get('porch')!.framesIn > framesBefore + 5, 'the first one still sending');
    await first.kill('SIGTERM');
    // The standby asks again every 30 s (AUTH_RETRY_MS).
    const framesAtEnd = server.relay.cameras.get('porch')!.framesIn;
    await waitFor(() => server.relay.cameras.get('porch')!.framesIn > framesAtEnd + 5, 'the standby sending', 45_000, 100);
    expect(second.child.exitCode).toBeNull();
  }, 120_000);
});
