/**
 * A program run in a pseudo-terminal (util-linux `script`: node-pty's install script is skipped in CI), and a
 * tiny VT interpreter that turns what it printed into the rows a console would show.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface TerminalRun {
  child: ChildProcess;
  /** Everything the program wrote, escape sequences and all. */
  raw(): string;
}

/** Runs `command` (a shell line) in a pty `columns` wide; `script` exits with it. */
export function runInTerminal(command: string, columns: number): TerminalRun {
  const child = spawn('script', ['-qfec', `stty cols ${columns} rows 50; exec ${command}`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let raw = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => (raw += d));
  return { child, raw: () => raw };
}

/**
 * The rows a console `columns` wide shows after `output`: printable characters wrap at the last column (the
 * wrap is deferred to the next character, as xterm does), `\r` and `\n` move the cursor, `ESC[2K` clears the
 * cursor's row, other escape sequences are skipped.
 */
export function screenRows(output: string, columns: number): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  const chars = Array.from(output);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '\x1b') {
      const m = /^\[([0-9;?]*)([A-Za-z])/.exec(chars.slice(i + 1, i + 16).join(''));
      if (!m) continue;
      if (m[2] === 'K' && m[1] === '2') rows[row] = [];
      i += Array.from(m[0]).length;
    } else if (ch === '\r') col = 0;
    else if (ch === '\n') {
      row++;
      rows[row] ??= [];
    } else if (ch >= ' ') {
      if (col === columns) {
        row++;
        col = 0;
        rows[row] ??= [];
      }
      rows[row]![col++] = ch;
    }
  }
  return rows.map((r) => Array.from(r, (c) => c ?? ' ').join(''));
}
