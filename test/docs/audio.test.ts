/**
 * docs/audio.md as printed: each shell line runs for real (curl) against a relay with a camera `front` that
 * sends H.264 and AAC, with only the relay's address and the admin's password swapped for the test's own; the
 * camera's sound, off until then, is on after the second line (refused before, taken after).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCaptureArgs } from '../../capture-client/cli.js';
import { checkPowerShell, expectCaptureLine } from '../helpers/capture-commands.js';
import { splitCmd } from '../helpers/windows-commands.js';
import { aacFrames } from '../server/recording/aac-fixtures.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../helpers/server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const doc = readFileSync(path.join(ROOT, 'docs', 'audio.md'), 'utf8');
/** The lines of the fenced blocks of a language, in order. */
const lines = (lang: string) =>
  [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].flatMap((m) => m[1]!.split('\n').filter((l) => l.trim() !== ''));
const printed = lines('sh').filter((l) => l.startsWith('curl '));

function run(line: string, cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(line, { cwd, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

let server: TestServer;
let front: Socket;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  front = io(`${server.url}/capture`, {
    auth: { token: server.captureToken, cameraId: 'front', offers: ['h264'] },
    forceNew: true,
    reconnection: false,
    transports: ['websocket'],
  });
  await new Promise<void>((resolve, reject) => front.once('connect', () => resolve()).once('connect_error', reject));
  dir = mkdtempSync(path.join(tmpdir(), 'camrelay-audio-doc-'));
}, 60_000);

afterAll(async () => {
  front?.disconnect();
  await stopTestServer(server);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('docs/audio.md, as printed', () => {
  it('prints the microphone command for PowerShell, cmd and a shell, each as the capture program takes it', () => {
    const windows = [...lines('powershell'), ...lines('bat')];
    expect(windows).toHaveLength(2);
    checkPowerShell(lines('powershell')[0]!, new Set());
    const words = splitCmd(lines('bat')[0]!);
    expectCaptureLine(words);
    for (const args of [
      words.slice(1),
      lines('sh')
        .find((l) => l.startsWith('npm run capture -- '))!
        .split(' ')
        .slice(4),
    ]) {
      const parsed = parseCaptureArgs(args, {});
      expect(parsed.kind === 'run' && parsed.command.audioDevice).toMatch(/^(?:Microphone \(Realtek\(R\) Audio\)|default)$/);
    }
  });

  it("prints two commands: sign in, turn the camera's sound on", () => {
    expect(printed).toHaveLength(2);
    expect(printed[0]).toContain('/api/login');
    expect(printed[1]).toMatch(/-X PATCH .*\{"sound":true\}.*\/api\/cameras\/front$/);
  });

  it("runs each as printed: the camera's sound, refused before, is taken after", async () => {
    const sound = await aacFrames(1);
    const aac = (seq: number) => ({ seq, capturedAt: Date.now(), sampleRate: sound.sampleRate, channels: sound.channels, config: sound.config });
    await expect(front.timeout(10_000).emitWithAck('aac', aac(1), sound.frames[0]!)).resolves.toMatchObject({ ok: false, error: 'SOUND_OFF' });

    const swap = (line: string) => line.replaceAll('192.168.1.10:3000', `127.0.0.1:${server.port}`).replaceAll('PASSWORD', TEST_ADMIN.password);
    const signIn = await run(swap(printed[0]!), dir);
    expect(signIn.code, signIn.out).toBe(0);
    expect(JSON.parse(signIn.out)).toMatchObject({ ok: true });
    const on = await run(swap(printed[1]!), dir);
    expect(on.code, on.out).toBe(0);
    expect(JSON.parse(on.out)).toMatchObject({ ok: true, camera: { id: 'front', sound: true } });

    await expect(front.timeout(10_000).emitWithAck('aac', aac(2), sound.frames[1]!)).resolves.toEqual({ ok: true, seq: 2 });
  }, 60_000);
});
