/** Child processes of the benchmark: each runs one .ts file under tsx and talks over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { patient } from '../../test/helpers/wait.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface Proc {
  child: ChildProcess;
  /** Resolves when the child says it is ready. */
  ready: Promise<void>;
  /** Sends a request and resolves with the child's reply of the same `type`. */
  ask<T>(type: string, payload?: object, timeoutMs?: number): Promise<T>;
  kill(): Promise<void>;
}

export function spawnProc(file: string, args: string[]): Proc {
  const child = fork(path.join(HERE, '..', file), args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (m: { type: string }) => m.type === 'ready' && resolve());
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before it was ready`)));
  });
  ready.catch(() => {});
  return {
    child,
    ready,
    ask<T>(type: string, payload: object = {}, guardMs = 30_000): Promise<T> {
      // A guard against a child that hangs, not a timing: at a load of 15 on two cores a relay took over 30 s to start.
      const timeoutMs = patient(guardMs);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${file}: no answer to ${type} in ${timeoutMs} ms`)), timeoutMs);
        const onMessage = (m: { type: string }) => {
          if (m.type !== type) return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(m as T);
        };
        child.on('message', onMessage);
        child.send({ type, ...payload });
      });
    },
    kill() {
      // A child killed by a signal has exitCode null and signalCode set: it will not exit again.
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    },
  };
}

/** The processes of one run: `spawn` starts one (args as strings), `killAll` ends every one. */
export function procGroup(): { spawn(file: string, args: Array<string | number>): Proc; killAll(): Promise<void> } {
  const procs: Proc[] = [];
  return {
    spawn(file, args) {
      const p = spawnProc(file, args.map(String));
      procs.push(p);
      return p;
    },
    killAll: async () => void (await Promise.all(procs.map((p) => p.kill()))),
  };
}

/** In a child: answers requests by type. */
export function serve(handlers: Record<string, (msg: Record<string, unknown>) => unknown>): void {
  process.on('message', async (m: { type: string } & Record<string, unknown>) => {
    const handler = handlers[m.type];
    if (handler) process.send!({ type: m.type, ...((await handler(m)) as object) });
  });
  process.on('disconnect', () => process.exit(0));
}
