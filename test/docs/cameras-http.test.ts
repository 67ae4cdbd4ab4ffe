/**
 * docs/cameras.md as printed: each section's Linux lines run for real (sh, npm run capture)
 * against a relay and a fake Digest camera on loopback, with only the addresses, the token and the
 * password swapped for the test's own; the PowerShell and cmd lines set the same URL and pass the
 * same flags, as the capture program's own parser reads them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCaptureArgs } from '../../capture-client/cli.js';
import { startHttpCamera, type HttpCamera } from '../helpers/http-camera.js';
import { makeJpeg } from '../helpers/jpeg.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';
import { splitCmd, splitPowerShell } from '../helpers/windows-commands.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const doc = readFileSync(path.join(ROOT, 'docs', 'cameras.md'), 'utf8');
const PASSWORD = 'doc-pass-7781';

/** The lines of a section's fenced blocks of one language. */
function lines(section: string, lang: string): string[] {
  const start = doc.indexOf(`\n## ${section}\n`);
  expect(start, `section ${section}`).toBeGreaterThan(0);
  const end = doc.indexOf('\n## ', start + 1);
  const text = doc.slice(start, end < 0 ? undefined : end);
  return [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].flatMap((m) => m[1]!.split('\n').filter((l) => l.trim() !== ''));
}

let relay: TestServer | undefined;
let camera: HttpCamera | undefined;
let viewer: TestViewer | undefined;
let shell: ChildProcess | undefined;
afterEach(async () => {
  // The shell, npm and the program are one process group (detached): all of them go.
  if (shell?.pid && shell.exitCode === null) {
    const gone = new Promise((resolve) => shell!.once('exit', resolve));
    process.kill(-shell.pid, 'SIGKILL');
    await gone;
  }
  viewer?.close();
  await camera?.close();
  await stopTestServer(relay);
  [relay, camera, viewer, shell] = [undefined, undefined, undefined, undefined];
});

const SECTIONS = [
  { section: 'HTTP MJPEG cameras', source: 'mjpeg', cameraId: 'porch', address: '192.168.1.30' },
  { section: 'Snapshot-only cameras', source: 'snapshot', cameraId: 'garage', address: '192.168.1.31' },
] as const;

/** A fake camera at any path: an endless MJPEG stream (a part every 100 ms), or one JPEG per request. */
async function fakeCamera(source: 'mjpeg' | 'snapshot'): Promise<HttpCamera> {
  const jpeg = await makeJpeg(64, 48, 3);
  const part = Buffer.concat([Buffer.from(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`), jpeg, Buffer.from('\r\n')]);
  const stream = (res: ServerResponse): void => {
    res.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=frame' });
    const timer = setInterval(() => res.write(part), 100);
    res.once('close', () => clearInterval(timer));
  };
  return startHttpCamera({
    user: 'admin',
    password: PASSWORD,
    auth: 'digest',
    handler: (_req, res) => (source === 'mjpeg' ? stream(res) : res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(jpeg)),
  });
}

describe('docs/cameras.md, as printed', () => {
  for (const { section, source, cameraId, address } of SECTIONS) {
    it(`runs the Linux lines of "${section}" for real: ${cameraId}'s pictures reach a viewer, the password in no output`, async () => {
      camera = await fakeCamera(source);
      relay = await startTestServer();
      const sh = lines(section, 'sh');
      expect(sh).toHaveLength(2);
      const swaps: Array<[string, string]> = [
        ['http://192.168.1.10:3000', relay.url],
        ['YOUR-TOKEN', relay.captureToken],
        ['YOUR-PASSWORD', PASSWORD],
        [address, new URL(camera.url('/')).host],
      ];
      let script = sh.join('\n');
      for (const [printed, ours] of swaps) {
        expect(script).toContain(printed);
        script = script.replaceAll(printed, ours);
      }
      viewer = connectViewer(relay.url);
      shell = spawn('sh', ['-c', script], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      shell.stdout!.on('data', (d) => (output += d));
      shell.stderr!.on('data', (d) => (output += d));
      await waitFor(() => viewer!.frames.filter((f) => f.cameraId === cameraId).length >= 3, `three frames of ${cameraId} at a viewer`, 30_000);
      expect(output).toContain(`${source} → ${relay.url} as "${cameraId}"`);
      expect(output).not.toContain(PASSWORD);
      expect(camera.authorizations.some((a) => a?.startsWith('Digest '))).toBe(true);
    });

    it(`prints PowerShell and cmd lines for "${section}" that set the same URL and pass the same flags as the Linux ones`, () => {
      const [exportLine, npmLine] = lines(section, 'sh');
      const url = /^export CAMRELAY_CAMERA_URL='(.*)'$/.exec(exportLine!)![1]!;
      expect(new URL(url).password).toBe('YOUR-PASSWORD');
      expect(npmLine!.startsWith('npm run capture -- ')).toBe(true);
      const linux = parseCaptureArgs(npmLine!.slice('npm run capture -- '.length).split(' '), { CAMRELAY_CAMERA_URL: url });
      expect(linux).toMatchObject({ kind: 'run', command: { source, url, cameraId } });

      const [psEnv, psRun] = lines(section, 'powershell');
      expect(/^\$env:CAMRELAY_CAMERA_URL = '(.*)'$/.exec(psEnv!)?.[1]).toBe(url);
      const psWords = splitPowerShell(psRun!);
      expect(psWords[0]).toBe('C:\\camrelay\\camrelay-capture.exe');
      expect(parseCaptureArgs(psWords.slice(1), { CAMRELAY_CAMERA_URL: url })).toEqual(linux);

      const [cmdEnv, cmdRun] = lines(section, 'bat');
      expect(/^set "CAMRELAY_CAMERA_URL=(.*)"$/.exec(cmdEnv!)?.[1]).toBe(url);
      const cmdWords = splitCmd(cmdRun!);
      expect(cmdWords[0]).toBe('C:\\camrelay\\camrelay-capture.exe');
      expect(parseCaptureArgs(cmdWords.slice(1), { CAMRELAY_CAMERA_URL: url })).toEqual(linux);
    });
  }
});
