import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { killableSpawnOptions, killTree, stopTree } from '../../../capture-client/sources/kill-tree.js';

const children: ReturnType<typeof spawn>[] = [];

/** A Node child that prints "ready" once its SIGTERM handler is in place; `ignoreTerm` makes it ignore SIGTERM. */
function child(ignoreTerm: boolean) {
  const code = `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} setInterval(() => {}, 1000); console.log('ready');`;
  const c = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe'], ...killableSpawnOptions() });
  children.push(c);
  const exited = new Promise<void>((resolve) => c.on('close', () => resolve()));
  const ready = new Promise<void>((resolve) => c.stdout.once('data', () => resolve()));
  return { c, exited, ready };
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) killTree(c);
});

describe('stopTree', () => {
  it('ends a child that obeys SIGTERM with SIGTERM, before the grace ends', async () => {
    const { c, exited, ready } = child(false);
    await ready;
    await stopTree(c, exited, 60_000);
    expect(c.signalCode).toBe(process.platform === 'win32' ? null : 'SIGTERM');
  });

  it('kills a child that ignores SIGTERM once the grace has passed', async () => {
    const { c, exited, ready } = child(true);
    await ready;
    await stopTree(c, exited, 200);
    expect(c.signalCode).toBe(process.platform === 'win32' ? null : 'SIGKILL');
  });
});
