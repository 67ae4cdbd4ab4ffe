import { describe, expect, it } from 'vitest';
import { parseCaptureArgs } from '../../capture-client/cli.js';
import { captureLines, programForCmd, programForPowerShell, programSource, type CaptureTarget } from '../../shared/capture-command.js';
import { splitCmd, splitPowerShell } from '../helpers/windows-commands.js';

const target: CaptureTarget = { server: 'http://192.168.1.10:3000', cameraId: 'front-door', token: 'XFWEWD8plEk10eMjrkkoKEaU' };
// A site-wide token is whatever the admin set: one with characters each shell reads itself.
const awkward: CaptureTarget = { server: 'https://relay.example.org:8443/cams', cameraId: 'garage_2', token: "a&b|c<d>e^f(g)h,i@j k'l$m;n" };

/** The flags the capture program's own parser reads from a split command line. */
function parsed(words: string[]): { server: string; cameraId: string; token: string } {
  expect(words[0]).toBe('C:\\camrelay\\camrelay-capture.exe');
  const result = parseCaptureArgs(words.slice(1), {});
  if (result.kind !== 'run') throw new Error(`parsed as ${result.kind}`);
  const { server, cameraId, token } = result.command;
  return { server, cameraId, token };
}

describe('captureLines', () => {
  it('puts the one-file program first on Windows, one line for both shells when they read it alike', () => {
    const lines = captureLines('windows', target);
    expect(lines.map((l) => l.label)).toEqual(['In PowerShell or cmd:', 'Or, with Node.js and the camrelay folder instead of the program:']);
    expect(lines[0]!.command).toBe('C:\\camrelay\\camrelay-capture.exe --server http://192.168.1.10:3000 --camera front-door --token XFWEWD8plEk10eMjrkkoKEaU');
    expect(lines[1]!.command).toBe('.\\capture.cmd --server http://192.168.1.10:3000 --camera front-door --token XFWEWD8plEk10eMjrkkoKEaU');
  });

  it('gives PowerShell and cmd a line each when a word needs quoting', () => {
    expect(captureLines('windows', awkward).map((l) => l.label)).toEqual([
      'In PowerShell:',
      'In cmd:',
      'Or, with Node.js and the camrelay folder instead of the program:',
    ]);
  });

  it('gives Linux and macOS the npm form, and a browser no command line', () => {
    expect(captureLines('posix', awkward)[0]!.command).toBe(
      "npm run capture -- --server https://relay.example.org:8443/cams --camera garage_2 --token 'a&b|c<d>e^f(g)h,i@j k'\\''l$m;n'",
    );
    expect(captureLines('browser', target)).toEqual([]);
  });

  it('never prints a placeholder in angle brackets, which both shells read as redirection', () => {
    for (const place of ['windows', 'posix'] as const) for (const line of captureLines(place, target)) expect(line.command).not.toMatch(/[<>]/);
  });
});

describe('the program line, as each shell splits it', () => {
  for (const t of [target, awkward]) {
    it(`reaches the program's parser with the real server, id and token in PowerShell (${t.cameraId})`, () => {
      expect(parsed(splitPowerShell(programForPowerShell(t)))).toEqual(t);
    });

    it(`reaches the program's parser with the real server, id and token in cmd (${t.cameraId})`, () => {
      expect(parsed(splitCmd(programForCmd(t)))).toEqual(t);
    });
  }
});

describe('a camera name on the line', () => {
  const named: CaptureTarget = { ...target, name: "Bob's front door" };

  it('reaches the capture client as --name, quoted for each shell', () => {
    expect(captureLines('posix', named)[0]!.command).toBe(
      "npm run capture -- --server http://192.168.1.10:3000 --camera front-door --token XFWEWD8plEk10eMjrkkoKEaU --name 'Bob'\\''s front door'",
    );
    for (const words of [splitPowerShell(programForPowerShell(named)), splitCmd(programForCmd(named))]) {
      const result = parseCaptureArgs(words.slice(1), {});
      expect(result.kind === 'run' && result.command.name).toBe("Bob's front door");
    }
  });

  it('is left out when there is none', () => {
    expect(captureLines('posix', target)[0]!.command).not.toContain('--name');
  });
});

describe('programSource', () => {
  it("gives the zip's address on this relay when it is built, else the build command", () => {
    expect(programSource('http://192.168.1.10:3000', true)).toContain('Download http://192.168.1.10:3000/downloads/camrelay-capture-win-x64.zip');
    expect(programSource('http://192.168.1.10:3000', false)).toContain('run npm run build:capture there');
  });
});
