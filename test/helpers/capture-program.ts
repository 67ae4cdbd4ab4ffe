/** The capture program (`npm run capture`) with any source, as a child process whose output a test reads. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface CaptureProgram {
  child: ChildProcess;
  output(): string;
  /** Kills it and waits until it is gone. */
  kill(): Promise<void>;
}

export function startCaptureProgram(args: string[], env: Record<string, string> = {}): CaptureProgram {
  const child = spawn(process.execPath, ['--import', 'tsx', 'capture-client/main.ts', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return {
    child,
    output: () => out,
    kill: () =>
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
  };
}
