/** A command as printed in the docs, run through the shell from the repository's root as a user would type it, with its output. */
import { spawn } from 'node:child_process';

const root = new URL('../..', import.meta.url);

export function runPrinted(command: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, { cwd: root, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}
