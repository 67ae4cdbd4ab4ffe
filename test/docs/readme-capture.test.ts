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
import { checkPowerShell, expectCaptureArgs, expectCaptureLine, LOG_FILE } from '../helpers/capture-commands.js';
import { CMDLETS, SCHTASKS, SIGNTOOL, checkSwitches, splitCmd, splitPowerShell } from '../helpers/windows-commands.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(ROOT, 'tools', 'build-capture', 'README-capture.txt'), 'utf8');

describe('README-capture.txt, as printed', () => {
  it('prints command lines the program takes, with flags from its --help', () => {
    const commands = readme.split('\n').filter((l) => l.trim().startsWith('.\\camrelay-capture.exe'));
    expect(commands).toHaveLength(2);
    for (const line of commands) expectCaptureLine(splitCmd(line.trim()));
    const base = ['--server', 'http://192.168.1.10:3000', '--camera', 'front-door', '--token', 'YOUR-TOKEN'];
    const options = [...readme.matchAll(/^ {2}(--[a-z-]+(?: [^ ]+)*?(?: --path [^ ]+)?) {2,}/gm)].map((m) => m[1]!);
    expect(options).toHaveLength(11);
    for (const option of options) {
      expect(CAPTURE_USAGE).toContain(option.split(' ')[0]);
      expectCaptureArgs([...base, ...option.split(' ')]);
    }
    const cli = readFileSync(path.join(ROOT, 'capture-client', 'cli.ts'), 'utf8');
    for (const name of readme.match(/CAMRELAY_[A-Z]+/g)!) expect(cli).toContain(`env.${name}`);
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
