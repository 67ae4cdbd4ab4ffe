/** The status line fits the console it is drawn in, and a redraw replaces it rather than piling rows up. */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { newCaptureStats } from '../../common/capture/stats.js';
import { fitStatus, StatusLine } from '../../capture-client/status-line.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { runInTerminal, screenRows, type TerminalRun } from '../helpers/terminal.js';
import { waitFor } from '../helpers/wait.js';

/** A console stream as StatusLine sees one: what is written, its width, and its 'resize' event. */
class FakeConsole extends EventEmitter {
  readonly isTTY = true;
  written = '';
  constructor(public columns: number) {
    super();
  }
  write(text: string): boolean {
    this.written += text;
    return true;
  }
}

describe('fitStatus', () => {
  it('keeps a line that fits one column short of the width', () => {
    expect(fitStatus('a'.repeat(79), 80)).toBe('a'.repeat(79));
  });

  it('cuts a longer line to one column short, ending in an ellipsis', () => {
    expect(fitStatus('a'.repeat(190), 80)).toBe(`${'a'.repeat(78)}…`);
  });

  it('counts wide characters as two columns and turns control characters into spaces', () => {
    expect(fitStatus('摄像头'.repeat(20), 11)).toBe('摄像头摄…');
    expect(fitStatus('a\nb\rc', 80)).toBe('a b c');
  });
});

describe('StatusLine', () => {
  it('redraws the line fitted to the new width when the console is resized, and prints a cut error whole once', async () => {
    const out = new FakeConsole(120);
    const stats = { ...newCaptureStats(), lastError: 'SOURCE_FAILED', lastErrorMessage: 'x'.repeat(150) };
    const status = new StatusLine('cam', out as unknown as NodeJS.WriteStream);
    status.start(stats);
    try {
      await waitFor(() => out.written.endsWith('…'), 'the first redraw', 5000);
      const before = out.written.length;
      out.columns = 40;
      out.emit('resize');
      const redraw = out.written.slice(before);
      expect(redraw.startsWith('\r\x1b[2Kcam →')).toBe(true);
      expect(Array.from(redraw.slice(5))).toHaveLength(39);
      await waitFor(() => out.written.split('\r\x1b[2K').length > 3, 'the next redraw', 5000);
      expect(out.written.split('x'.repeat(150)).length - 1).toBe(1);
    } finally {
      status.stop();
    }
    expect(out.listenerCount('resize')).toBe(0);
  });
});

describe('StatusLine#showH264', () => {
  it('adds the H.264 encoder and uplink after the source note', async () => {
    const out = new FakeConsole(300);
    const status = new StatusLine('cam', out as unknown as NodeJS.WriteStream);
    status.start(newCaptureStats(), () => 'ffmpeg copies MJPEG');
    status.showH264(() => 'H.264: h264_qsv, uplink 0.5 MB sent');
    try {
      await waitFor(() => out.written.includes('H.264'), 'a line with the H.264 part', 5000);
      expect(out.written).toContain('| ffmpeg copies MJPEG | H.264: h264_qsv, uplink 0.5 MB sent');
    } finally {
      status.stop();
    }
  });
});

describe.skipIf(process.platform === 'win32')('the capture program in an 80-column console', () => {
  let run: TerminalRun | null = null;
  afterEach(() => {
    run?.child.kill('SIGKILL');
    run = null;
  });

  it('redraws its status line in place: one status row on the screen after many redraws', async () => {
    // A long camera id and no relay (port 9): the line runs past 80 columns, as an error line does (~190).
    const camera = 'front-door-camera-over-the-garden-gate';
    const args = `--server http://127.0.0.1:9 --camera ${camera} --token t --source test-pattern --fps 5`;
    run = runInTerminal(`${process.execPath} --import tsx capture-client/main.ts ${args}`, 80);
    const redraws = (): string[] =>
      run!
        .raw()
        .split('\r\x1b[2K')
        .filter((s) => s.startsWith(`${camera} →`));
    await waitFor(() => redraws().length >= 8, 'eight redraws of the status line', 30_000);
    const raw = run.raw();
    const rows = screenRows(raw, 80);
    // Each error is also printed whole, as a log line above (wrapping there is fine: it scrolls away).
    const logged = raw.split('\r\x1b[2K').filter((s) => s.startsWith(`${camera} →`) && s.includes('\n')).length;
    expect(
      rows.filter((row) => row.includes('| sent ')),
      raw,
    ).toHaveLength(1 + logged);
    expect(rows.filter((row) => row.startsWith(`${camera} →`) && row.trimEnd().endsWith('…'))).toHaveLength(1);
    const inPlace = redraws().filter((s) => !s.includes('\n'));
    for (const redraw of inPlace) expect(Array.from(redraw.replace(/\r$/, '')).length).toBeLessThanOrEqual(79);
  });
});

describe.skipIf(process.platform === 'win32')('the capture program offering H.264 to a real relay, in a console', () => {
  let run: TerminalRun | null = null;
  let relay: TestServer | undefined;
  afterEach(async () => {
    run?.child.kill('SIGKILL');
    run = null;
    await stopTestServer(relay);
  });

  it('says it reconnects to offer H.264, and its status line never reads "no link" once linked (#37 item 17)', async () => {
    relay = await startTestServer();
    const offered = new Set<string>();
    relay.relay.cameraSide.intake.onOffered((id) => offered.add(id));
    const args = `--server ${relay.url} --camera cam --token ${relay.captureToken} --source test-pattern --fps 5 --transport socketio`;
    run = runInTerminal(`${process.execPath} --import tsx capture-client/main.ts ${args}`, 250);
    /** Each redraw of the status line and each line said above it, in the order written. */
    const writes = (): string[] =>
      run!
        .raw()
        .split('\r\x1b[2K')
        .map((s) => s.replace(/\r?\n$/, ''));
    const linked = (w: string) => /^cam → (polling|websocket) /.test(w);
    const said = () => writes().findIndex((w) => w.startsWith('Reconnecting to offer H.264'));
    // The offer's reconnect (once the encoder pick finds libx264), then the link back and frames flowing again.
    await waitFor(() => said() >= 0 && offered.has('cam'), 'the program to reconnect offering H.264', 30_000);
    await waitFor(() => writes().slice(said()).filter(linked).length >= 2, 'the status line linked again', 15_000);
    const all = writes();
    // Before the first link "no link" is the truth (the pick may end before the status line's first tick).
    const first = all.findIndex(linked);
    const from = first >= 0 ? Math.min(first, said()) : said();
    expect(
      all.slice(from).filter((w) => w.startsWith('cam → no link')),
      run.raw(),
    ).toEqual([]);
    // The status line next drawn under the line said: at once when it was already running (the redraw of say()),
    // saying what it does while the connection is down; else at its first tick, linked or still reconnecting.
    const next = all.slice(said() + 1).find((w) => w.startsWith('cam → '));
    expect(next).toMatch(/^cam → (reconnecting to offer H\.264|polling|websocket) \| sent \d+/);
    if (first >= 0 && first < said()) expect(all[said() + 1]).toMatch(/^cam → reconnecting to offer H\.264 \| sent \d+/);
  }, 60_000);
});
