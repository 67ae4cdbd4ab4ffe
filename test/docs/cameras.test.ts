/**
 * docs/cameras.md, as printed. "RTSP cameras": the Linux commands run against the real test camera and a real
 * relay (only the camera's URL, the relay's address and the token are the test's own), and the PowerShell and
 * cmd lines, split as those shells split them, give the capture program the very same command.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCaptureArgs } from '../../capture-client/cli.js';
import { SOURCE_WAIT_CODES } from '../../shared/protocol.js';
import { rtspCameraAvailable, startRtspCamera, type RtspCamera } from '../helpers/rtsp-camera.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { connectViewer, type TestViewer } from '../helpers/viewer.js';
import { waitFor } from '../helpers/wait.js';
import { splitCmd, splitPowerShell } from '../helpers/windows-commands.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const doc = readFileSync(path.join(ROOT, 'docs', 'cameras.md'), 'utf8');
const start = doc.indexOf('## RTSP cameras');
const section = doc.slice(start, doc.indexOf('\n## ', start + 1) === -1 ? undefined : doc.indexOf('\n## ', start + 1));
const blocks = (lang: string) => [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!.trim());

const DOC_URL = 'rtsp://admin:YOUR-PASSWORD@192.168.1.20:554/stream2';
const DOC_SERVER = 'http://192.168.1.10:3000';
const DOC_TOKEN = 'YOUR-CAPTURE-TOKEN';
const PASSWORD = 'doc p@ss:word';

/** The doc's placeholders made the test's: its camera, its relay, its token. */
function substitute(text: string, rtsp: RtspCamera, server: TestServer): string {
  return text.replaceAll(DOC_URL, rtsp.url('sub')).replaceAll(DOC_SERVER, server.url).replaceAll(DOC_TOKEN, server.captureToken);
}

/** A Windows block's lines: `$env:`/`set` assignments into an env, the program line through the capture program's parser. */
function parseWindows(block: string, split: (line: string) => string[], assign: RegExp) {
  const env: Record<string, string> = {};
  const results = [];
  for (const line of block.split('\n')) {
    const set = assign.exec(line);
    if (set) env[set[1]!] = set[2]!;
    else {
      const words = split(line);
      expect(words[0]).toBe('C:\\camrelay\\camrelay-capture.exe');
      results.push(parseCaptureArgs(words.slice(1), env));
    }
  }
  return results;
}

describe('docs/cameras.md: RTSP cameras', () => {
  it('gives the same command in PowerShell, cmd and sh, the URL in CAMRELAY_CAMERA_URL', () => {
    const [sh] = blocks('sh');
    const [exportLine, npmLine] = sh!.split('\n');
    const url = /^export CAMRELAY_CAMERA_URL='([^']+)'$/.exec(exportLine!)![1]!;
    expect(url).toBe(DOC_URL);
    const linux = parseCaptureArgs(npmLine!.replace(/^npm run capture -- /, '').split(' '), { CAMRELAY_CAMERA_URL: url });
    expect(linux).toMatchObject({ kind: 'run', command: { source: 'rtsp', url: DOC_URL, fps: 10 } });
    expect(parseWindows(blocks('powershell')[0]!, splitPowerShell, /^\$env:(CAMRELAY_\w+) = '([^']*)'$/)).toEqual([linux]);
    expect(parseWindows(blocks('bat')[0]!, splitCmd, /^set (CAMRELAY_\w+)=(.*)$/)).toEqual([linux]);
    // No password on any command line.
    for (const block of [...blocks('sh'), ...blocks('powershell'), ...blocks('bat')]) {
      for (const line of block.split('\n').filter((l) => /camrelay-capture|npm run/.test(l))) expect(line).not.toContain('YOUR-PASSWORD');
    }
  });

  it('names in its table only the codes the tile shows', () => {
    const codes = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    expect(codes).toEqual(['CAMERA_AUTH', 'CAMERA_UNREACHABLE', 'SOURCE_FAILED']);
    for (const code of codes) expect(SOURCE_WAIT_CODES).toContain(code);
  });

  describe.runIf(rtspCameraAvailable())('the Linux commands, run', () => {
    let rtsp: RtspCamera;
    let server: TestServer;
    let viewer: TestViewer;
    let child: ChildProcess | null = null;

    beforeAll(async () => {
      rtsp = await startRtspCamera({ user: 'admin', password: PASSWORD, fps: 15, gop: 15 });
      server = await startTestServer();
      viewer = connectViewer(server.url, { cameraIds: ['porch'] });
    });
    afterEach(async () => {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      // npm, its shell and the program: the whole group, as Ctrl+C in a terminal reaches them all.
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        process.kill(-c.pid!, 'SIGINT');
      });
    });
    afterAll(async () => {
      viewer?.close();
      await stopTestServer(server);
      await rtsp?.stop();
    });

    /** Runs shell lines as printed (placeholders substituted) and waits for ten live frames at the sub stream's size. */
    async function runLive(lines: string): Promise<string> {
      let out = '';
      const c = spawn('sh', ['-c', substitute(lines, rtsp, server)], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      c.stdout!.on('data', (d) => (out += d));
      c.stderr!.on('data', (d) => (out += d));
      const from = viewer.frames.length;
      await waitFor(() => viewer.frames.length >= from + 10, `ten live frames (output so far: ${out})`, 30_000);
      expect(viewer.frames.slice(-3).map((f) => [f.width, f.height])).toEqual(Array(3).fill([640, 360]));
      return (await waitFor(() => (/RTSP \d+×\d+/.test(out) ? out : null), 'the status line', 15_000)) as string;
    }

    it('streams the camera with the URL from the environment, and the status line reads as the doc says', async () => {
      const out = await runLive(blocks('sh')[0]!);
      const example = /`(RTSP 640×360 H\.264 from [^`]+)`/.exec(section)![1]!;
      expect(out).toContain(example.replace('192.168.1.20:554/stream2', `127.0.0.1:${rtsp.port}/sub`));
      expect(out).not.toContain(encodeURIComponent(PASSWORD));
    });

    it('streams the camera over UDP with --rtsp-transport udp', async () => {
      const [sh, udp] = blocks('sh');
      const out = await runLive(`${sh!.split('\n')[0]}\n${udp}`);
      expect(out).toContain(`from rtsp://admin:***@127.0.0.1:${rtsp.port}/sub (udp)`);
    });
  });
});
