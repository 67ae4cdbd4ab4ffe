/**
 * --log FILE: what the program prints, appended with a timestamp per line, the status line as plain lines and
 * secrets masked. LogFile alone, then the real program in a console against a real relay, from a folder with spaces.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LogFile, logFlag } from '../../capture-client/log-file.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { runInTerminal, type TerminalRun } from '../helpers/terminal.js';
import { waitFor } from '../helpers/wait.js';

const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'camrelay log test '));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stream LogFile can tee: what reaches it is kept. */
function sink(): NodeJS.WriteStream & { got: string } {
  const s = {
    got: '',
    write(chunk: string) {
      s.got += chunk;
      return true;
    },
  };
  return s as unknown as NodeJS.WriteStream & { got: string };
}

describe('logFlag', () => {
  it('reads --log FILE and --log=FILE before the flags are parsed', () => {
    expect(logFlag(['--fps', '0', '--log', 'C:\\camrelay\\capture.log'])).toBe('C:\\camrelay\\capture.log');
    expect(logFlag(['--log=capture log.txt'])).toBe('capture log.txt');
    expect(logFlag(['--fps', '5'])).toBeUndefined();
  });
});

describe('LogFile', () => {
  it('appends the rows a console keeps, stamped, and not the rows it redraws in place', () => {
    const file = join(dir, 'tee.log');
    writeFileSync(file, 'an older run\n');
    const log = new LogFile(file, { now: () => new Date(Date.UTC(2026, 10, 24, 19, 40)) });
    const out = sink();
    log.tee(out);
    out.write('first line\n');
    out.write('\r\x1b[2Kcam → websocket | sent 1');
    out.write('\r\x1b[2Kcam → websocket | sent 2');
    out.write('\r\x1b[2KThe camera is back: frames flow again.\n');
    out.write('\r\x1b[2Kcam → websocket | sent 3');
    log.close();
    expect(out.got).toContain('sent 3');
    expect(readFileSync(file, 'utf8')).toBe(
      'an older run\n2026-11-24T19:40:00.000Z first line\n2026-11-24T19:40:00.000Z The camera is back: frames flow again.\n',
    );
  });

  it('masks camera URL passwords and tokens in every line', () => {
    const file = join(dir, 'mask.log');
    const log = new LogFile(file);
    log.hide(['rtsp://admin:p%40ss-word@10.0.0.9/stream1'], ['capture-token-123']);
    log.line('ffmpeg said rtsp://admin:p@ss-word@10.0.0.9/stream1 and rtsp://admin:p%40ss-word@10.0.0.9/stream1');
    log.line('--token capture-token-123');
    log.close();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/ss-word|capture-token-123/);
    expect(text).toContain('rtsp://admin:***@10.0.0.9/stream1');
  });

  it('moves a full file to FILE.1 and begins a new one', () => {
    const file = join(dir, 'full.log');
    const log = new LogFile(file, { maxBytes: 400 }); // six lines of 63 bytes
    for (let i = 0; i < 8; i++) log.line(`line ${i} ${'x'.repeat(30)}`);
    log.close();
    const older = readFileSync(`${file}.1`, 'utf8').trim().split('\n');
    const newer = readFileSync(file, 'utf8').trim().split('\n');
    expect([...older, ...newer].map((l) => l.replace(STAMP, '').split(' ')[1])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(older).toHaveLength(6);
  });

  it('refuses a file it cannot open with BAD_CONFIG naming it', () => {
    expect(() => new LogFile(join(dir, 'no such folder', 'capture.log'))).toThrow(/^--log .*capture\.log: cannot be opened for appending \(ENOENT\)/);
  });
});

describe.skipIf(process.platform === 'win32')('the capture program with --log, in a console', () => {
  let run: TerminalRun | null = null;
  let relay: TestServer | undefined;
  afterEach(async () => {
    run?.child.kill('SIGKILL');
    run = null;
    await stopTestServer(relay);
  });

  it('writes its lines and its status line, stamped and plain, to a file in a folder with spaces; no token in it', async () => {
    relay = await startTestServer();
    const file = join(dir, 'capture log.txt');
    const args = `--server ${relay.url} --camera cam --token ${relay.captureToken} --source test-pattern --fps 5 --log '${file}'`;
    run = runInTerminal(`${process.execPath} --import tsx capture-client/main.ts ${args}`, 200);
    const text = () => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return '';
      }
    };
    await waitFor(() => /cam → (polling|websocket) \| sent \d+ acked [1-9]/.test(text()), 'a status line with frames acked in the log', 30_000);
    // On the console the same line is redrawn in place (the terminal's copy reaches this test after the file's).
    await waitFor(() => run!.raw().includes('\r\x1b[2Kcam → '), 'the status line redrawn in place on the console');
    const lines = text().trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(STAMP);
    expect(lines[0]).toMatch(/camrelay capture .* started \(process \d+\); this file: --log /);
    expect(lines[1]).toMatch(/camrelay capture .*: test-pattern → http:\/\/127\.0\.0\.1:\d+ as "cam"/);
    expect(text()).not.toContain('\r');
    expect(text()).not.toContain('\x1b');
    expect(text()).not.toContain(relay.captureToken);
  }, 60_000);
});
