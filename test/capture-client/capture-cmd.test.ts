/**
 * capture.cmd, the Windows launcher, checked as text (cmd.exe is not here) and its node command line run as
 * written, with %~dp0 standing for the repository folder and %* for the arguments.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const text = readFileSync(join(root, 'capture.cmd'), 'utf8');
const lines = text.split('\r\n');
const code = lines.filter((l) => l.trim() !== '' && !/^rem /i.test(l));
const nodeLine = code.find((l) => l.startsWith('node '))!;

/** The quoted arguments of a cmd line, %~dp0 made the repository folder (with its trailing separator) and \ made sep. */
function cmdArgs(line: string, args: string[]): string[] {
  const words = line.match(/"[^"]*"|\S+/g)!.slice(1);
  return words.flatMap((w) =>
    w === '%*'
      ? args
      : [
          w
            .replace(/^"|"$/g, '')
            .replaceAll('%~dp0', root.endsWith(sep) ? root : root + sep)
            .replaceAll('\\', sep),
        ],
  );
}

describe('capture.cmd', () => {
  it('has Windows line endings throughout, and no ( ) block that a folder name with parentheses would end early', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
    expect(code.filter((l) => /[()]/.test(l))).toEqual([]);
  });

  it('runs node itself, never npm, and passes every argument and the exit code through', () => {
    expect(code[0]).toBe('@echo off');
    expect(code.some((l) => /\bnpm(\.ps1|\.cmd)? run\b/.test(l))).toBe(false);
    expect(nodeLine.endsWith(' %*')).toBe(true);
    expect(code[code.indexOf(nodeLine) + 1]).toBe('exit /b %ERRORLEVEL%');
  });

  it('names files that exist, from the folder the launcher is in (%~dp0), not the working directory', () => {
    const files = cmdArgs(nodeLine, []);
    expect(files).toHaveLength(2);
    for (const file of files) expect(existsSync(file), file).toBe(true);
    const guard = code.find((l) => l.startsWith('if not exist'))!;
    expect(cmdArgs(guard.replace(/^if not exist/, 'x'), [])[0]).toBe(files[0]);
  });

  it('says what to do without Node.js or without npm install', () => {
    expect(text).toMatch(/:no_node\r\necho .*install the LTS from nodejs\.org/);
    expect(text).toMatch(/:no_install\r\necho .*run "npm\.cmd install"/);
  });

  it('starts the capture client: its node command line prints the version from another working directory', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const run = spawnSync(process.execPath, cmdArgs(nodeLine, ['--version']), { cwd: tmpdir(), encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(version);
    expect(run.status).toBe(0);
  });
});
