import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from '../../helpers/wait.js';

// Every file the code under test reads, to check which processes it looked at.
const read = vi.hoisted(() => [] as string[]);
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((file: string, ...rest: unknown[]) => (
    read.push(String(file)),
    (fs.readFileSync as (...a: unknown[]) => unknown)(file, ...rest)
  )) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});
const { childrenCpuMs } = await import('../../../bench/lib/child-cpu.js');

describe('childrenCpuMs', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
    read.length = 0;
  });

  it.runIf(process.platform === 'linux')("counts a busy child's CPU and reads no other process's stat", async () => {
    child = spawn(process.execPath, ['-e', 'const end = Date.now() + 60_000; while (Date.now() < end);'], { stdio: 'ignore' });
    await waitFor(() => childrenCpuMs() > 0, "the busy child's CPU counted");
    const stats = read.filter((f) => f.endsWith('/stat')).map((f) => f.split('/')[2]);
    expect(stats.length).toBeGreaterThan(0);
    // Only the child's own stat, never every process's on the box (the bench's server paid for that scan).
    expect(new Set(stats)).toEqual(new Set([String(child.pid)]));
  });
});
