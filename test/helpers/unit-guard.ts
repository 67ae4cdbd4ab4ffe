/**
 * Setup file of the `unit` project: a unit test that listens on a socket or starts a process fails
 * at once, naming where it belongs, instead of slowing the unit run or sharing its process (the
 * unit project runs without per-file isolation).
 */
import childProcess from 'node:child_process';
import net from 'node:net';

const refuse = (what: string) => () => {
  throw new Error(`A unit test may not ${what}: list the file in INTEGRATION (or E2E) in vitest.config.ts (docs/testing.md).`);
};

net.Server.prototype.listen = refuse('listen on a socket') as typeof net.Server.prototype.listen;
for (const name of ['spawn', 'fork', 'exec', 'execFile'] as const) {
  (childProcess as unknown as Record<string, unknown>)[name] = refuse(`start a process (${name})`);
}
