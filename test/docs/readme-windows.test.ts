/**
 * README's "The camera PC (Windows)", checked as printed: every PowerShell and cmd line is parsed as the capture
 * client parses it (only the ffmpeg path is made one that exists here), and the options table matches the flags.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAPTURE_USAGE } from '../../capture-client/cli-usage.js';
import { parseCaptureArgs } from '../../capture-client/cli.js';
import { resolveFfmpegPath } from '../../capture-client/sources/ffmpeg-binary.js';
import { formatStatus } from '../../common/capture/status-line.js';
import { DOWNLOAD_PATH } from '../../server/downloads/downloads.js';
import { ZIP_NAME } from '../../common/capture-artefacts.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const start = readme.indexOf('## The camera PC (Windows)');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
const blocks = (lang: string) => [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!.replace(/^ {3}/gm, ''));
const ffmpeg = resolveFfmpegPath();
const cliSource = readFileSync(new URL('../../capture-client/cli.ts', import.meta.url), 'utf8');

/** Words of a command line, double quotes grouping as PowerShell and cmd both do for these lines. */
const words = (line: string) => line.match(/"[^"]*"|\S+/g)!.map((w) => w.replace(/^"|"$/g, ''));

/** Runs a block's lines: variable assignments into an env, launcher lines through parseCaptureArgs. */
function run(block: string, launcher: RegExp, assign: RegExp) {
  const env: Record<string, string> = {};
  const results = [];
  for (const line of block.split('\n').filter(Boolean)) {
    const set = assign.exec(line);
    if (set) env[set[1]!] = set[1] === 'CAMRELAY_FFMPEG' ? ffmpeg : set[2]!;
    else if (launcher.test(line)) results.push(parseCaptureArgs(words(line).slice(1), env));
    else throw new Error(`a line this test does not know: ${line}`);
  }
  return { env, results };
}

const powershell = (block: string) => run(block, /^(?:\.\\capture\.cmd|C:\\camrelay\\camrelay-capture\.exe) /, /^\$env:(CAMRELAY_\w+) = "([^"]*)"$/);
const cmd = (block: string) => run(block, /^capture\.cmd /, /^set (CAMRELAY_\w+)=(.*)$/);

describe('README: the camera PC (Windows)', () => {
  // The one-file program comes first (no Node on the camera PC), then the Node way.
  const [exe, ...ps] = blocks('powershell');
  const sendCommand = powershell(ps.find((b) => b.includes('--server'))!).results[0];

  it('starts the one-file program first, unzipped to C:\\camrelay, with the flags of the Node way', () => {
    expect(exe).toMatch(/^C:\\camrelay\\camrelay-capture\.exe /);
    expect(powershell(exe!).results).toEqual([sendCommand]);
    expect(section.indexOf('camrelay-capture.exe')).toBeLessThan(section.indexOf('npm.cmd install'));
    expect(section).toContain(`\`dist-capture/${ZIP_NAME}\``);
    // The relay's own download route, at the address the other examples use.
    expect(section).toContain(`\`http://192.168.1.10:3000${DOWNLOAD_PATH}\``);
  });

  it('installs with npm.cmd and runs the client with .\\capture.cmd, never npm.ps1 or a bare --', () => {
    expect(ps[0]).toBe('npm.cmd install\n');
    for (const block of ps.slice(1)) expect(block).not.toMatch(/^npm\b|npm run capture/m);
  });

  it('lists devices and starts sending with flags that parse', () => {
    expect(powershell(ps[1]!).results).toEqual([{ kind: 'list-devices' }]);
    expect(sendCommand).toEqual({
      kind: 'run',
      command: expect.objectContaining({ server: 'http://192.168.1.10:3000', cameraId: 'front-door', name: 'Front door', device: 'Logitech BRIO' }),
    });
  });

  it('gives the same command through $env: variables in PowerShell and set in cmd', () => {
    const withEnv = ps.find((b) => b.includes('$env:CAMRELAY_SERVER'))!;
    expect(powershell(withEnv).results).toEqual([sendCommand]);
    expect(cmd(blocks('bat')[0]!).results).toEqual([sendCommand]);
  });

  it('has a $env: and a set example for every variable the client reads, and one for another ffmpeg', () => {
    const vars = [...new Set([...cliSource.matchAll(/env\.(CAMRELAY_\w+)/g)].map((m) => m[1]!))];
    expect(vars).toEqual(expect.arrayContaining(['CAMRELAY_SERVER', 'CAMRELAY_CAMERA', 'CAMRELAY_TOKEN', 'CAMRELAY_NAME', 'CAMRELAY_FFMPEG']));
    for (const name of vars) expect(section, name).toContain(`$env:${name} = "`);
    for (const name of vars.filter((v) => v !== 'CAMRELAY_FFMPEG')) expect(section, name).toContain(`set ${name}=`);
    const other = powershell(ps.find((b) => b.includes('$env:CAMRELAY_FFMPEG'))!);
    expect(other.results).toEqual([{ kind: 'list-devices', ffmpegPath: ffmpeg }]);
  });

  it('starts an IP camera with its URLs from the environment, in PowerShell and cmd alike', () => {
    const ip = {
      source: 'rtsp',
      cameraId: 'porch',
      url: 'rtsp://admin:CameraPassword@192.168.1.20:554/stream2',
      recordUrl: 'rtsp://admin:CameraPassword@192.168.1.20:554/stream1',
    };
    const viaPs = powershell(ps.find((b) => b.includes('$env:CAMRELAY_CAMERA_URL'))!).results;
    const viaCmd = cmd(blocks('bat').find((b) => b.includes('CAMRELAY_CAMERA_URL'))!).results;
    for (const results of [viaPs, viaCmd]) expect(results).toEqual([{ kind: 'run', command: expect.objectContaining(ip) }]);
  });

  it('runs a cameras.json from $env: in PowerShell and set in cmd alike', () => {
    const config = { kind: 'config', config: { file: 'C:\\camrelay\\cameras.json', server: 'http://192.168.1.10:3000' } };
    expect(powershell(ps.find((b) => b.includes('$env:CAMRELAY_CONFIG'))!).results).toEqual([config]);
    expect(cmd(blocks('bat').find((b) => b.includes('CAMRELAY_CONFIG'))!).results).toEqual([config]);
  });

  it('lists in its options table exactly the flags the client takes', () => {
    const table = section.slice(section.indexOf('| flag | meaning | default |'));
    const documented = new Set([...table.matchAll(/^\| ([^|]+)\|/gm)].flatMap((m) => [...m[1]!.matchAll(/`(--[a-z0-9-]+)`/g)].map((f) => f[1]!)));
    const taken = new Set([...CAPTURE_USAGE.matchAll(/^ {2}(--[a-z0-9-]+)/gm)].map((m) => m[1]!));
    taken.delete('--help');
    expect([...documented].sort()).toEqual([...taken].sort());
  });

  it('quotes the status line as the client prints it', () => {
    const quoted = /`(last error [^`]+)`/.exec(section.replace(/\s*\n\s*/g, ' '))![1]!;
    const stats = { produced: 1, sent: 1, acked: 0, dropped: 0, failed: 1, rttMs: null, link: null, reconnects: 0, webrtcEnd: null };
    const line = formatStatus('front-door', { ...stats, lastError: 'NETWORK', lastErrorMessage: 'connect ECONNREFUSED 192.168.1.10:3000' }, 0);
    expect(line).toContain(quoted);
  });
});
