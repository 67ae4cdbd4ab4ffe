/**
 * docs/capture-program.md, as printed. The Linux signing commands run on a freshly built Windows exe
 * (only the certificate, its password and the timestamp server, which needs the internet, are the
 * test's own); the Windows command lines are checked against each tool's switches, and every capture
 * command line against the capture program's own parser. The zip's README-capture.txt has its own
 * file, test/docs/readme-capture.test.ts.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPTURE_USAGE } from '../../capture-client/cli-usage.js';
import { parseCaptureArgs } from '../../capture-client/cli.js';
import { cameraCommands } from '../../capture-client/config-file.js';
import { hasPeResourceName, readPe } from '../../tools/build-capture/pe.js';
import { SEA_FUSE } from '../../tools/build-capture/sea.js';
import { checkPowerShell, expectCaptureArgs, expectCaptureLine, INSTALL_DIR, LOG_FILE } from '../helpers/capture-commands.js';
import { SCHTASKS, SIGNTOOL, checkSwitches, splitCmd } from '../helpers/windows-commands.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const doc = readFileSync(path.join(ROOT, 'docs', 'capture-program.md'), 'utf8');
/** The lines of the fenced blocks of a language, in order. */
const lines = (lang: string) =>
  [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].flatMap((m) => m[1]!.split('\n').filter((l) => l.trim() !== ''));
const printedConfig = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!)[0]!;

describe('docs/capture-program.md, as printed', () => {
  it('builds with the npm script the package has, whose flags are the ones the page names', () => {
    expect(lines('sh')[0]).toBe('npm run build:capture');
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['build:capture']).toBe('tsx tools/build-capture/main.ts');
    const usage = execFileSync(process.execPath, ['--import', 'tsx', 'tools/build-capture/main.ts', '--help'], { cwd: ROOT, encoding: 'utf8' });
    for (const flag of doc.match(/`--(targets|out|cache)`/g)!) expect(usage).toContain(flag.slice(1, -1));
    for (const target of ['bundle', 'linux-x64', 'win-x64']) expect(usage).toContain(target);
  });

  it('prints signtool commands with switches signtool has, signing the exe with a timestamp', () => {
    const sign = lines('bat').filter((l) => l.startsWith('signtool'));
    expect(sign).toHaveLength(2);
    for (const line of sign) {
      const [, command, ...rest] = splitCmd(line);
      const { values, rest: files } = checkSwitches(rest, SIGNTOOL[command!]!, true);
      expect(files).toEqual(['camrelay-capture.exe']);
      if (command === 'sign') expect([...values.keys()]).toEqual(expect.arrayContaining(['/fd', '/f', '/tr', '/td']));
    }
    checkSwitches(splitCmd('signtool remove /s').slice(2), SIGNTOOL.remove!, true); // named in the text
  });

  it('prints PowerShell that installs and schedules the program with parameters the cmdlets have', () => {
    const defined = new Set<string>();
    const ps = lines('powershell');
    expect(ps.length).toBeGreaterThanOrEqual(8);
    for (const line of ps) checkPowerShell(line, defined);
    expect(ps.join('\n')).toContain(`-DestinationPath ${INSTALL_DIR}`);
  });

  it('gives the task made with schtasks the settings of the PowerShell one, restart on failure included', () => {
    const settings = (line: string) => /New-ScheduledTaskSettingsSet (.*?)(?:\)")?$/.exec(line)?.[1];
    const ps = lines('powershell').map(settings).filter(Boolean);
    const cmd = lines('bat')
      .filter((l) => l.startsWith('powershell'))
      .map(settings);
    expect(ps).toHaveLength(1);
    expect(cmd).toEqual(ps);
    expect(ps[0]).toContain('-RestartCount 99 -RestartInterval (New-TimeSpan -Minutes 1)');
  });

  it('prints cmd lines: the program, schtasks with the switches it has and a task command under 261 characters, and WinSW', () => {
    for (const line of lines('bat').filter((l) => !l.startsWith('signtool'))) {
      const words = splitCmd(line);
      if (words[0] === 'schtasks') {
        const { values, rest } = checkSwitches(words.slice(2), SCHTASKS[words[1]!]!, true);
        expect(rest).toEqual([]);
        expect(values.get('/TN')).toBe('camrelay capture');
        const run = values.get('/TR');
        if (typeof run !== 'string') continue;
        expect(run.length).toBeLessThanOrEqual(261);
        expectCaptureLine(run.split(' '));
        expect(values.get('/SC')).toBe('ONSTART');
        expect(values.get('/RU')).toBe('SYSTEM');
      } else if (words[0] === 'powershell') {
        expect(words.slice(1, 3)).toEqual(['-NoProfile', '-Command']);
        checkPowerShell(words[3]!, new Set());
      } else if (words[0] === 'setx') {
        // Machine-wide, so a task run as SYSTEM or a service sees it; the name is one the printed cameras.json uses.
        expect(words).toHaveLength(4);
        expect(words[3]).toBe('/M');
        expect(printedConfig).toMatch(new RegExp(`Env": "${words[1]}"`));
      } else if (words[0] === 'type') {
        expect(words.slice(1)).toEqual([LOG_FILE]);
      } else if (words[0]!.endsWith('camrelay-service.exe')) {
        expect(['install', 'start']).toContain(words[1]);
      } else expectCaptureLine(words);
    }
  });

  it('prints a WinSW file that runs the program from its own folder with flags it takes', () => {
    const xml = [...doc.matchAll(/```xml\n([\s\S]*?)```/g)].map((m) => m[1]!)[0]!;
    const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
    expect(tag('id')).toBe('camrelay-capture');
    expect(tag('executable')).toBe('%BASE%\\camrelay-capture.exe');
    expectCaptureArgs(splitCmd(tag('arguments')!));
    expect(xml).toContain('<onfailure action="restart"');
  });
});

describe('docs/capture-program.md, what it says of the exe', () => {
  it('lets the exe live in any folder, and says --source webcam works in the Windows exe (through ffmpeg)', () => {
    expect(doc).not.toMatch(/without spaces/);
    expect(doc).toMatch(/Unzip it to any folder: spaces/);
    expect(doc).not.toMatch(/webcam`?\)? is not in it either and works only from the repository/);
    expect(doc).toMatch(/there `--source webcam` runs ffmpeg/);
  });

  it('names --log in the program’s --help, and logs every startup task it prints', () => {
    expect(CAPTURE_USAGE).toContain('--log <file>');
    const tasks = [...lines('powershell'), ...lines('bat')].filter((l) => /-Argument '--server|\/TR "C:\\camrelay\\camrelay-capture\.exe --server/.test(l));
    expect(tasks).toHaveLength(2);
    for (const task of tasks) expect(task).toContain(`--log ${LOG_FILE}`);
    expect(lines('powershell')).toContain(`Get-Content ${LOG_FILE} -Tail 20 -Wait`);
  });
});

describe('docs/capture-program.md, detection on the camera PC as printed', () => {
  it('prints --detect in PowerShell and cmd, which the program reads as detecting this camera', () => {
    const detecting = [...lines('powershell'), ...lines('bat')].filter((l) => l.endsWith(' --detect'));
    expect(detecting).toHaveLength(2);
    for (const line of detecting) {
      const parsed = parseCaptureArgs(splitCmd(line).slice(1), {});
      expect(parsed.kind === 'run' && parsed.command.detect).toBe(true);
    }
    expect(CAPTURE_USAGE).toContain('--detect');
  });
});

describe('docs/capture-program.md, many cameras in one process as printed', () => {
  /** The variables the cmd lines set with setx, and the Linux line exports. */
  const setx = Object.fromEntries(lines('bat').flatMap((l) => (l.startsWith('setx ') ? [splitCmd(l).slice(1, 3) as [string, string]] : [])));
  const exported = lines('sh').find((l) => l.startsWith('export '))!;
  const exports = Object.fromEntries([...exported.matchAll(/(\w+)='([^']*)'/g)].map((m) => [m[1]!, m[2]!]));

  it('prints a cameras.json the program takes, with the secrets of the camera that needs them in the variables set', () => {
    expect(exports).toEqual(setx);
    const commands = cameraCommands(JSON.parse(printedConfig), { file: 'cameras.json' }, setx);
    expect(commands.map((c) => [c.cameraId, c.source])).toEqual([
      ['desk', 'ffmpeg'],
      ['porch', 'rtsp'],
      ['garage', 'snapshot'],
    ]);
    expect(commands[1]!.url).toBe(setx.PORCH_URL);
    expect(printedConfig).not.toContain('password');
  });

  it('prints the message a wrong URL scheme gets, word for word', () => {
    const wrong = printedConfig.replace('"urlEnv": "PORCH_URL"', '"url": "http://admin:password@192.168.1.20/stream2"');
    const printed = [...doc.matchAll(/```text\n([\s\S]*?)```/g)].map((m) => m[1]!.trim()).find((t) => t.includes('cameras['));
    expect(() => cameraCommands(JSON.parse(wrong), { file: 'cameras.json' }, setx)).toThrow(printed!.replace('camrelay capture: ', ''));
  });

  it('runs it on Linux with the command line printed', () => {
    const run = lines('sh').filter((l) => l.startsWith('./camrelay-capture'));
    expect(run).toEqual(['./camrelay-capture --config cameras.json']);
    expectCaptureArgs(run[0]!.split(' ').slice(1));
  });
});

describe('docs/capture-program.md, signing on Linux as printed', () => {
  let dir: string;
  let built: string;
  const sh = lines('sh').filter((l) => l.startsWith('osslsigncode'));

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'camrelay-sign-'));
    built = path.join(dir, 'out');
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/build-capture/main.ts', '--targets', 'win-x64', '--out', built], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
    copyFileSync(path.join(built, 'win-x64', 'camrelay-capture.exe'), path.join(dir, 'camrelay-capture.exe'));
    // A throwaway certificate in place of a real code-signing one.
    const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'test.key', '-out', 'test.crt', '-days', '2', '-subj', '/CN=camrelay test signing']);
    run(['pkcs12', '-export', '-out', 'codesign.pfx', '-inkey', 'test.key', '-in', 'test.crt', '-passout', 'pass:test-pfx-password']);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const haveOsslsigncode = (() => {
    try {
      execFileSync('osslsigncode', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  if (!haveOsslsigncode && process.env.CI === 'true') throw new Error('osslsigncode is missing: CI must install it (apt-get install osslsigncode).');

  it.skipIf(!haveOsslsigncode)('signs the built exe, and the signed exe keeps its injected program', () => {
    expect(sh).toHaveLength(2);
    const env = { ...process.env, PFX_PASSWORD: 'test-pfx-password' };
    const signLine = sh[0]!.replace(' -t http://timestamp.digicert.com', '');
    execFileSync('sh', ['-c', signLine], { cwd: dir, env, stdio: 'pipe' });
    // verify exits 1 for a self-signed certificate, but prints both digests and the signer.
    const verify = spawnSync('sh', ['-c', sh[1]!], { cwd: dir, env, encoding: 'utf8' });
    const out = verify.stdout;
    const current = /Current message digest\s*: (\w+)/.exec(out)?.[1];
    expect(current).toBeDefined();
    expect(/Calculated message digest\s*: (\w+)/.exec(out)?.[1]).toBe(current);
    expect(out).toContain('Subject: /CN=camrelay test signing');
    const signed = readFileSync(path.join(dir, 'camrelay-capture-signed.exe'));
    expect(readPe(signed)!.certificate.size).toBeGreaterThan(0);
    expect(hasPeResourceName(signed, 'NODE_SEA_BLOB')).toBe(true);
    expect(signed.includes(`${SEA_FUSE}:1`)).toBe(true);
    expect(signed.includes(readFileSync(path.join(built, 'camrelay-capture.cjs')))).toBe(true);
  });
});
