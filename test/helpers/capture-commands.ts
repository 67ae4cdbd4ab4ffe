/**
 * The Windows command lines the capture program's printed pages give (docs/capture-program.md and
 * README-capture.txt), checked as the program and each Windows tool take them: shared by the test
 * files of both pages, which print the same install folder, log file and logon task.
 */
import { expect } from 'vitest';
import { parseCaptureArgs } from '../../capture-client/cli.js';
import { CMDLETS, checkSwitches, splitCmd, splitPowerShell } from './windows-commands.js';

/** Where the printed pages install the program. */
export const INSTALL_DIR = 'C:\\camrelay';
/** The file the printed tasks log to (--log), and the one the printed reading commands read. */
export const LOG_FILE = `${INSTALL_DIR}\\capture.log`;

/** A capture command line's flags parse as the program parses them, into a run, --list-devices or the printed cameras.json. */
export function expectCaptureArgs(args: string[]): void {
  const parsed = parseCaptureArgs(args, {});
  if (args.includes('--log')) expect(args[args.indexOf('--log') + 1]).toBe(LOG_FILE);
  expect(['run', 'list-devices', 'config']).toContain(parsed.kind);
  if (parsed.kind === 'config') expect(['cameras.json', `${INSTALL_DIR}\\cameras.json`]).toContain(parsed.config.file);
}

/** `<dir>\camrelay-capture.exe …` as a program path and its arguments. */
export function expectCaptureLine(words: string[]): void {
  expect(words[0]).toMatch(/^(?:\.|C:\\camrelay)\\camrelay-capture\.exe$/);
  expectCaptureArgs(words.slice(1));
}

/** One PowerShell statement: an optional `$name =`, a cmdlet and its parameters, with (…) groups checked inside. */
export function checkPowerShell(line: string, defined: Set<string>): void {
  const assign = /^\$(\w+) = (.*)$/.exec(line);
  const words = splitPowerShell(assign ? assign[2]! : line);
  if (/^C:\\camrelay\\camrelay-capture\.exe$/.test(words[0]!)) return expectCaptureLine(words);
  const table = CMDLETS[words[0]!];
  if (!table) throw new Error(`unknown cmdlet ${words[0]}`);
  // Reading the log: the file the tasks write (the first word after the cmdlet is its -Path).
  if (words[0] === 'Get-Content') expect(checkSwitches(words.slice(1), table, true).rest).toEqual([LOG_FILE]);
  const { values } = checkSwitches(words.slice(1), table, true);
  for (const [name, value] of values) {
    if (typeof value !== 'string') continue;
    if (value.startsWith('$')) expect(defined, `${value} used before it is set`).toContain(value.slice(1));
    if (value.startsWith('(') && !value.startsWith('([TimeSpan]')) checkPowerShell(value.slice(1, -1), defined);
    if (name === '-Argument') expectCaptureArgs(splitCmd(value));
    if (name === '-Execute') expect(value).toBe(`${INSTALL_DIR}\\camrelay-capture.exe`);
    // The task scheduler's schema takes 0-255 restarts, an interval of 1 minute to 31 days.
    if (name === '-RestartCount') expect(Number(value)).toBeLessThanOrEqual(255);
    if (name === '-ExecutionTimeLimit') expect(value).toBe('([TimeSpan]::Zero)');
  }
  if (assign) defined.add(assign[1]!);
}
