/** Running a built capture program in tests: until a check passes, or to its end, with what it printed. */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';

/** Runs the program until `check` passes; a failure says what the program printed and how it ended (a program that exits early is the likely cause). */
export async function whileRunning(child: ChildProcess, check: () => Promise<void>): Promise<void> {
  let said = '';
  child.stderr?.on('data', (d) => (said += d));
  child.stdout?.on('data', (d) => (said += d));
  try {
    await check();
  } catch (err) {
    throw new Error(
      `${(err as Error).message}; the program ${child.exitCode === null ? 'still ran' : `exited with ${child.exitCode}`} and said: ${said.trim() || '(nothing)'}`,
      { cause: err },
    );
  } finally {
    // Waiting for 'exit' of a program that already exited would wait forever.
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    }
  }
}

export interface Ran {
  code: number | null;
  out: string;
}

/** Runs a program to its end (or kills it after `ms`), with its output. */
export function run(file: string, args: string[], opts: { cwd?: string; ms?: number } = {}): Promise<Ran> {
  const child = spawn(file, args, { cwd: opts.cwd ?? tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.ms ?? 60_000);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}
