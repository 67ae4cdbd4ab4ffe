/** Many cameras' status: one summary row that fits the console, each camera's full line in the log. */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newCaptureStats } from '../../common/capture/stats.js';
import { StatusBoard } from '../../capture-client/status-board.js';

/** A console stream as StatusBoard sees one: what is written, its width, whether it is a TTY. */
class FakeConsole extends EventEmitter {
  written = '';
  constructor(
    readonly isTTY: boolean,
    public columns: number,
  ) {
    super();
  }
  write(text: string): boolean {
    this.written += text;
    return true;
  }
}

describe('StatusBoard', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes each camera’s full line to --log every 10 s while the console shows the summary row', () => {
    const out = new FakeConsole(true, 200);
    const logged: string[] = [];
    const board = new StatusBoard(out as unknown as NodeJS.WriteStream, (line) => logged.push(line));
    board.add('yard', newCaptureStats(), () => null);
    board.add('attic', newCaptureStats(), () => null);
    board.start();
    vi.advanceTimersByTime(20_000);
    board.stop();
    expect(logged.map((l) => l.split(' → ')[0])).toEqual(['yard', 'attic', 'yard', 'attic']);
    expect(logged[0]).toMatch(/^yard → no link \| sent 0 /);
    expect(out.written).not.toContain('yard → ');
  });

  it('draws one row for every camera, fitted to the console, and redraws it fitted when the console is resized', () => {
    const out = new FakeConsole(true, 200);
    const board = new StatusBoard(out as unknown as NodeJS.WriteStream);
    const yard = newCaptureStats();
    board.add('yard', yard, () => null);
    board.add('attic', newCaptureStats(), () => 'waiting for camera "/dev/video9": not found (unplugged?) — retrying every 3 s');
    board.add('album', newCaptureStats(), () => null);
    board.ended('album', 'exit 1');
    board.start();
    yard.acked += 15;
    vi.advanceTimersByTime(1000);
    const rows = out.written.split('\r\x1b[2K').filter(Boolean);
    expect(rows.at(-1)).toBe('3 cameras: yard 15.0 fps | attic waiting | album ended');
    out.columns = 20;
    out.emit('resize');
    expect(out.written.split('\r\x1b[2K').at(-1)).toBe('3 cameras: yard 15…');
    board.stop();
    expect(out.listenerCount('resize')).toBe(0);
  });

  it('says a message about a camera above the row, and draws the row again below it', () => {
    const out = new FakeConsole(true, 200);
    const board = new StatusBoard(out as unknown as NodeJS.WriteStream);
    board.add('yard', newCaptureStats(), () => null);
    board.start();
    vi.advanceTimersByTime(1000);
    board.say('yard', 'The camera is back: frames flow again.');
    expect(out.written.endsWith('\r\x1b[2K[yard] The camera is back: frames flow again.\n\r\x1b[2K1 camera: yard 0.0 fps')).toBe(true);
    board.stop();
  });

  it("writes each camera's full line to a log every 10 s when not on a console", () => {
    const out = new FakeConsole(false, 0);
    const board = new StatusBoard(out as unknown as NodeJS.WriteStream);
    board.add('yard', { ...newCaptureStats(), link: 'websocket' }, () => null);
    board.add('gate', { ...newCaptureStats(), lastError: 'BAD_TOKEN', lastErrorMessage: 'The token was refused.' }, () => null);
    board.start();
    vi.advanceTimersByTime(10_000);
    const lines = out.written.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^yard → websocket \| sent 0 acked 0/);
    expect(lines[1]).toContain('gate → no link |');
    expect(lines[1]).toContain('last error BAD_TOKEN: The token was refused.');
    vi.advanceTimersByTime(1000);
    expect(out.written.split('\n').filter(Boolean)).toHaveLength(4);
    board.stop();
  });
});
