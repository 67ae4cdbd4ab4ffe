/**
 * docs/audio.md's webcam PC speaker, as printed (#40 item 4): the printed `--speaker default` command runs (relay
 * address and token swapped for the test's), an admin talks on /monitor through the real relay, and the capture PC
 * plays it. This box has no sound card: ALSA's file plugin is its `default` (test/helpers/alsa-file.ts), so what the
 * speaker would play lands in a file, read back as a second at 440 Hz.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TalkReply } from '../../shared/talk.js';
import { alsaFileConfig, crossingsPerSecond } from '../helpers/alsa-file.js';
import { startCaptureProgram, type CaptureProgram } from '../helpers/capture-program.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { sayTone } from '../helpers/tone.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const doc = readFileSync(path.join(ROOT, 'docs', 'audio.md'), 'utf8');
const printed = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')).filter((l) => l.includes('--speaker'));

describe.runIf(process.platform === 'linux')("docs/audio.md: talk to a webcam PC's speaker, as printed", () => {
  let server: TestServer;
  let program: CaptureProgram;
  let dir: string;
  let played: string;
  let admin: Socket;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'camrelay-speaker-doc-'));
    played = path.join(dir, 'played.raw');
    writeFileSync(path.join(dir, 'asound.conf'), alsaFileConfig(played));
    server = await startTestServer();
  });
  afterAll(async () => {
    admin?.close();
    await program?.kill();
    await stopTestServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints one command, and it runs as printed: the page talks and the PC plays it', async () => {
    expect(printed).toHaveLength(1);
    const line = printed[0]!.replace('http://192.168.1.10:3000', server.url).replace('YOUR-TOKEN', server.captureToken);
    expect(line.startsWith('npm run capture -- ')).toBe(true);
    program = startCaptureProgram(line.split(' ').slice(4), { ALSA_CONFIG_PATH: path.join(dir, 'asound.conf') });
    await waitFor(() => server.relay.cameras.get('desk')?.talk !== undefined, `the camera listed as one to talk to\n${program.output()}`, 60_000);

    admin = io(`${server.url}/monitor`, { transports: ['websocket'], forceNew: true, auth: TEST_ADMIN });
    const reply = (await admin.timeout(15_000).emitWithAck('talk-start', { cameraId: 'desk' })) as TalkReply;
    expect(reply, program.output()).toEqual({ ok: true });
    await sayTone(admin, 'desk');
    admin.emit('talk-stop', { cameraId: 'desk' });
    // Stopping ends ffmpeg's input: it plays out what it has and exits, and the file holds all of it.
    await waitFor(() => existsSync(played) && statSync(played).size > 190_000, `the PC to play a second\n${program.output()}`, 30_000);
    expect(program.output()).toContain("Talk-back: playing on this PC's speaker (default); someone in the Live Monitor is talking.");
    const out = readFileSync(played);
    const left = new Int16Array(out.buffer, out.byteOffset, out.byteLength >> 1).filter((_, i) => i % 2 === 0);
    expect(crossingsPerSecond(left, 48_000)).toBeCloseTo(440, -1);
  });
});
