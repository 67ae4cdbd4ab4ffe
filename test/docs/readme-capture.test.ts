/**
 * tools/build-capture/README-capture.txt, the README of the Windows zip, as printed: its command
 * lines against the capture program's own parser and --help, its logon task, service and signing
 * lines against each Windows tool's switches, and that it holds all a PC with only the zip needs.
 * docs/capture-program.md's own commands are test/docs/capture-program.test.ts's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAPTURE_USAGE } from '../../capture-client/cli-usage.js';
import { parseCaptureArgs } from '../../capture-client/cli.js';
import { cameraCommands } from '../../capture-client/config-file.js';
import { BUNDLED_DETECT } from '../../capture-client/detect/detector-host.js';
import { checkPowerShell, expectCaptureArgs, expectCaptureLine, LOG_FILE } from '../helpers/capture-commands.js';
import { CMDLETS, SCHTASKS, SIGNTOOL, checkSwitches, splitCmd, splitPowerShell } from '../helpers/windows-commands.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(ROOT, 'tools', 'build-capture', 'README-capture.txt'), 'utf8');

describe('README-capture.txt, as printed', () => {
  it('prints command lines the program takes, with flags from its --help', () => {
    const commands = readme.split('\n').filter((l) => l.trim().startsWith('.\\camrelay-capture.exe'));
    expect(commands).toHaveLength(4);
    // The RTSP camera's line takes its address from CAMRELAY_CAMERA_URL, as printed just above it.
    const cameraUrl = /\$env:CAMRELAY_CAMERA_URL = "([^"]+)"/.exec(readme)![1]!;
    expect(readme).toContain(`set CAMRELAY_CAMERA_URL=${cameraUrl}`);
    for (const line of commands) {
      const words = splitCmd(line.trim());
      if (!words.includes('rtsp')) expectCaptureLine(words);
      else
        expect(parseCaptureArgs(words.slice(1), { CAMRELAY_CAMERA_URL: cameraUrl })).toMatchObject({
          kind: 'run',
          command: { source: 'rtsp', url: cameraUrl },
        });
    }
    const base = ['--server', 'http://192.168.1.10:3000', '--camera', 'front-door', '--token', 'YOUR-TOKEN'];
    const options = [...readme.matchAll(/^ {2}(--[a-z-]+(?: [^ ]+)*?(?: --path [^ ]+)?) {2,}/gm)].map((m) => m[1]!);
    expect(options).toHaveLength(15);
    for (const option of options) {
      expect(CAPTURE_USAGE).toContain(option.split(' ')[0]);
      // The microphone's input format goes with a microphone.
      const extra = option.startsWith('--audio-format') ? ['--audio-device', 'Microphone'] : [];
      expectCaptureArgs([...base, ...extra, ...option.split(' ')]);
    }
    const cli = readFileSync(path.join(ROOT, 'capture-client', 'cli.ts'), 'utf8');
    for (const name of readme.match(/CAMRELAY_[A-Z_]+/g)!) expect(cli.includes(`env.${name}`) || CAPTURE_USAGE.includes(name), name).toBe(true);
  });
});

describe('README-capture.txt, the program’s own guide', () => {
  it('names every option and setting --help lists', () => {
    const flags = new Set(CAPTURE_USAGE.match(/--[a-z][a-z0-9-]*/g));
    const missing = [...flags].filter((flag) => !new RegExp(`${flag}(?![a-z0-9-])`).test(readme));
    expect(missing).toEqual([]);
    const settings = new Set(CAPTURE_USAGE.match(/CAMRELAY_[A-Z_]+/g));
    expect([...settings].filter((name) => !readme.includes(name))).toEqual([]);
  });

  it('names the folders --detect needs beside the program', () => {
    const folder = readme.slice(readme.indexOf('In this folder'), readme.indexOf('Where to put it'));
    expect(folder).toContain(`  ${BUNDLED_DETECT.dir}\\ `);
    expect(folder).toContain(`  ${BUNDLED_DETECT.models.split(path.sep).join('\\')}\\ `);
  });

  it('prints a cameras.json the program takes, with the fields it names', () => {
    const json = /^\{\n[\s\S]*?\n\}$/m.exec(readme.replaceAll('\r\n', '\n'))![0];
    const env = { PORCH_URL: 'rtsp://192.168.1.20:554/stream2', PORCH_TOKEN: 'YOUR-TOKEN' };
    const commands = cameraCommands(JSON.parse(json), { file: 'cameras.json' }, env);
    expect(commands.map((c) => [c.cameraId, c.source])).toEqual([
      ['desk', 'ffmpeg'],
      ['porch', 'rtsp'],
    ]);
    const fields = /Its fields are the flags' names: ([^;]+);/.exec(readme.replaceAll(/\s+/g, ' '))![1]!.match(/[a-zA-Z]+/g)!;
    for (const field of fields.filter((f) => f !== 'and')) {
      const entry = { id: 'x', token: 't', source: 'rtsp', url: env.PORCH_URL, [field]: field === 'detect' ? true : 'bogus' };
      // A field the program does not know is refused as such; a known one may be refused only for its value.
      let said = '';
      try {
        cameraCommands({ server: 'http://192.168.1.10:3000', cameras: [entry] }, { file: 'cameras.json' }, env);
      } catch (err) {
        said = (err as Error).message;
      }
      expect(said, field).not.toMatch(/Unrecognized key/);
    }
  });
});

describe('README-capture.txt, for a PC with only the zip', () => {
  const at = (start: string) =>
    readme
      .split('\n')
      .filter((l) => l.trimStart().startsWith(start))
      .map((l) => l.trim());

  it('holds its own logon task, checked as the Task Scheduler cmdlets and schtasks take them', () => {
    const ps = readme.split('\n').filter((l) => /^(\$\w+ = |Register-ScheduledTask )/.test(l));
    expect(ps).toHaveLength(4);
    const defined = new Set<string>();
    for (const line of ps) checkPowerShell(line, defined);
    expect(ps.join('\n')).toContain('New-ScheduledTaskTrigger -AtLogOn');
    const tasks = at('schtasks ');
    expect(tasks).toHaveLength(3);
    for (const line of tasks) {
      const [, verb, ...rest] = splitCmd(line);
      checkSwitches(rest, SCHTASKS[verb!]!, true);
    }
  });

  it('holds a WinSW service whose arguments the program takes, and signtool lines with switches signtool has', () => {
    expectCaptureArgs(splitCmd(/<arguments>([^<]*)<\/arguments>/.exec(readme)![1]!));
    expect(readme).toContain('<onfailure action="restart"');
    const sign = at('signtool ');
    expect(sign).toHaveLength(2);
    for (const line of sign) {
      const [, verb, ...rest] = splitCmd(line);
      expect(checkSwitches(rest, SIGNTOOL[verb!]!, false).rest).toEqual(['camrelay-capture.exe']);
    }
    for (const line of at('Unblock-File ')) checkSwitches(splitPowerShell(line).slice(1), CMDLETS['Unblock-File']!, true);
  });

  it('tells how to read the log the logon task writes, in PowerShell and cmd, as the task names it', () => {
    const defined = new Set<string>();
    expect(at('Get-Content ')).toHaveLength(1);
    for (const line of at('Get-Content ')) checkPowerShell(line, defined);
    expect(at('type ').map((l) => splitCmd(l))).toEqual([['type', LOG_FILE]]);
    expect(readme).toContain(`--log ${LOG_FILE}'`);
  });

  it('sends no one to a file outside the zip, says where Extract All must point, and drops the "no spaces" advice', () => {
    expect(readme).not.toContain('docs/');
    expect(readme).toMatch(/Extract All, and change the destination to C:\\camrelay/);
    expect(readme).not.toMatch(/without spaces/);
  });
});
