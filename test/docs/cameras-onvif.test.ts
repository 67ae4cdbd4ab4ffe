/**
 * docs/cameras.md, as printed. The Linux commands run for real: the discovery against a stand-in ONVIF
 * device, the PTZ command against a real relay and the same device (only the camera's address, the relay's and
 * the token are the test's own); the PowerShell and cmd lines, split as those shells split them, give the capture
 * program the very same command. README's ONVIF lines parse as the README says.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCaptureArgs } from '../../capture-client/cli.js';
import { startOnvifDevice, type OnvifDevice } from '../helpers/onvif-device.js';
import { freePort } from '../helpers/processes.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { splitCmd, splitPowerShell } from '../helpers/windows-commands.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const doc = readFileSync(path.join(ROOT, 'docs', 'cameras.md'), 'utf8');
const sectionOf = (text: string, title: string) => {
  const start = text.indexOf(title);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end === -1 ? undefined : end);
};
const blocks = (section: string, lang: string) => [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!.trim());
const finding = sectionOf(doc, '## Finding cameras with ONVIF');
const ptz = sectionOf(doc, '## Pan, tilt and zoom');
const PASSWORD = 'doc p@ss:word';
const DOC_CAMERA = 'http://192.168.1.20';

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

function parseSh(block: string) {
  const env: Record<string, string> = {};
  const results = [];
  for (const line of block.split('\n')) {
    const set = /^export (CAMRELAY_\w+)='([^']*)'$/.exec(line);
    if (set) env[set[1]!] = set[2]!;
    else results.push(parseCaptureArgs(line.replace(/^npm run capture -- /, '').split(' '), env));
  }
  return results;
}

/** The three forms of a section parse to one and the same command. */
function sameEverywhere(section: string) {
  const linux = parseSh(blocks(section, 'sh')[0]!);
  expect(parseWindows(blocks(section, 'powershell')[0]!, splitPowerShell, /^\$env:(CAMRELAY_\w+) = '([^']*)'$/)).toEqual(linux);
  expect(parseWindows(blocks(section, 'bat')[0]!, splitCmd, /^set (CAMRELAY_\w+)=(.*)$/)).toEqual(linux);
  return linux[0];
}

describe('docs/cameras.md', () => {
  let device: OnvifDevice | null = null;
  let server: TestServer | undefined;
  let child: ChildProcess | null = null;
  afterEach(async () => {
    if (child && child.exitCode === null) await new Promise((resolve) => (child!.once('exit', resolve), process.kill(-child!.pid!, 'SIGKILL')));
    await stopTestServer(server);
    await device?.close();
    device = null;
    server = undefined;
  });

  /** Runs shell lines as printed, with the doc's password and addresses made the test's. */
  function runSh(lines: string, substitute: (s: string) => string): () => string {
    let out = '';
    child = spawn('sh', ['-c', substitute(lines)], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    return () => out;
  }

  describe('Finding cameras with ONVIF', () => {
    it('gives the same command in PowerShell, cmd and sh, the credentials in the environment only', () => {
      expect(sameEverywhere(finding)).toEqual({
        kind: 'list-devices',
        onvif: { probes: [{ host: '192.168.1.20', port: 3702 }], user: 'admin', password: 'YOUR-PASSWORD' },
      });
      const inline = /`(--onvif-probe [^`]+)`/.exec(finding)![1]!.split(' ');
      expect(parseCaptureArgs(['--list-devices', '--onvif', ...inline], {})).toMatchObject({
        onvif: { probes: [{ host: '192.168.1.20' }, { host: '192.168.1.21' }] },
      });
    });

    it('prints what the camera says, as the doc shows it, with the password never printed', async () => {
      device = await startOnvifDevice({
        manufacturer: 'Hikvision',
        model: 'DS-2DE2A404IW-DE3',
        ptz: true,
        streamUri: (token) => `rtsp://192.168.1.20:554/${token === 'main' ? 'stream1' : 'stream2'}`,
      });
      const here = `127.0.0.1:${device.discoveryPort}`;
      const out = runSh(blocks(finding, 'sh')[0]!, (s) =>
        s.replace("'YOUR-PASSWORD'", `'${PASSWORD}'`).replace('--onvif-probe 192.168.1.20', `--onvif-probe ${here}`),
      );
      await waitFor(() => child!.exitCode === 0, 'the listing to end', 30_000);
      const example = blocks(finding, 'text')[0]!
        .replaceAll(`${DOC_CAMERA}/`, `${device.address}/`)
        .replace(`--onvif ${DOC_CAMERA})`, `--onvif ${device.address})`);
      expect(out()).toContain(example);
      expect(out()).not.toContain(PASSWORD);
      expect(device.bodies('GetProfiles')[0]).toContain('<Username>admin</Username>');
    });
  });

  describe('Pan, tilt and zoom', () => {
    it('gives the same command in PowerShell, cmd and sh, the ONVIF login taken from the camera URL', () => {
      expect(sameEverywhere(ptz)).toMatchObject({
        kind: 'run',
        command: { source: 'rtsp', onvif: { address: 'http://192.168.1.20/', user: 'admin', password: 'YOUR-PASSWORD' } },
      });
    });

    it("connects to the camera's ONVIF service and says PTZ is ready as the doc quotes it", async () => {
      device = await startOnvifDevice({ ptz: true, presets: ['1', '2', '3', '4'].map((t) => ({ token: t, name: `P${t}` })) });
      server = await startTestServer();
      // No RTSP server at this port: the camera waits while ONVIF answers; the quote is about ONVIF alone.
      const rtsp = `rtsp://admin:${encodeURIComponent(PASSWORD)}@127.0.0.1:${await freePort()}/stream2`;
      const out = runSh(blocks(ptz, 'sh')[0]!, (s) =>
        s
          .replace('rtsp://admin:YOUR-PASSWORD@192.168.1.20:554/stream2', rtsp)
          .replace('http://192.168.1.10:3000', server!.url)
          .replace('YOUR-CAPTURE-TOKEN', server!.captureToken)
          .replace(`--onvif ${DOC_CAMERA}`, `--onvif ${device!.address}`),
      );
      const quote = /`(ONVIF: PTZ ready at [^`]+)`/.exec(ptz)![1]!.replace('192.168.1.20', device.address.replace('http://', ''));
      await waitFor(() => out().includes(quote), `"${quote}"`, 20_000).catch((err: Error) => {
        throw new Error(`${err.message}; the program said: ${out()}`);
      });
      expect(device.bodies('GetPresets')[0]).toContain('<Username>admin</Username>');
      expect(out()).not.toContain(encodeURIComponent(PASSWORD));
      expect(out()).not.toContain(PASSWORD);
    }, 60_000);
  });
});

describe('README: the ONVIF lines of the camera PC (Windows)', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = sectionOf(readme, '## The camera PC (Windows)');
  const block = (lang: string) =>
    blocks(section, lang)
      .find((b) => b.includes('CAMRELAY_ONVIF_USER'))!
      .replace(/^ {3}/gm, '');

  it('lists ONVIF cameras with the credentials from $env: in PowerShell and set in cmd alike', () => {
    const expected = [{ kind: 'list-devices', onvif: { probes: [], user: 'admin', password: 'CameraPassword' } }];
    expect(
      parseWindows(
        block('powershell').replaceAll('"', "'"),
        (l) => splitPowerShell(l.replace('.\\capture.cmd', 'C:\\camrelay\\camrelay-capture.exe')),
        /^\$env:(CAMRELAY_\w+) = '([^']*)'$/,
      ),
    ).toEqual(expected);
    expect(parseWindows(block('bat'), (l) => splitCmd(l.replace('capture.cmd', 'C:\\camrelay\\camrelay-capture.exe')), /^set (CAMRELAY_\w+)=(.*)$/)).toEqual(
      expected,
    );
  });
});
