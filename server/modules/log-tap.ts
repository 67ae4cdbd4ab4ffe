/**
 * The server's warnings and errors as they are written, for a module that keeps them (the log ring):
 * the logger every module is given is wrapped once, at start, and tells each call here, whatever
 * level the terminal shows.
 */
import type { Logger } from 'pino';

/** The levels told. */
export type TapLevel = 'warn' | 'error' | 'fatal';
/** One pino call: its level, the module whose logger made it (`camrelay:recording`, null for the server's own), its arguments. */
export type LogListener = (level: TapLevel, module: string | null, args: readonly unknown[]) => void;

export class LogTap {
  private readonly listeners: LogListener[] = [];

  on(listener: LogListener): void {
    this.listeners.push(listener);
  }

  record(level: TapLevel, module: string | null, args: readonly unknown[]): void {
    for (const l of this.listeners) l(level, module, args);
  }
}

const RECORDED = new Set(['warn', 'error', 'fatal']);

/** The module a logger speaks for (`camrelay:recording`), from its bindings; null for the server's own. */
function moduleOf(log: Logger): string | null {
  const b = log.bindings();
  const name = typeof b.name === 'string' ? b.name : typeof b.module === 'string' ? b.module : null;
  return name === 'camrelay' ? null : name;
}

/**
 * `log` whose warnings and errors (its children's too) also go to `tap`, at any level the logger is set to: a
 * relay started with CAMRELAY_LOG_LEVEL=error still shows its warnings on the System section.
 */
export function withLogTap(log: Logger, tap: LogTap): Logger {
  const wrap = (target: Logger): Logger =>
    new Proxy(target, {
      get(t, prop, receiver) {
        if (typeof prop === 'string' && RECORDED.has(prop)) {
          const method = t[prop as TapLevel] as (...a: unknown[]) => void;
          return (...args: unknown[]) => {
            try {
              tap.record(prop as TapLevel, moduleOf(t), args);
            } catch {
              // A listener must never cost the call its log line.
            }
            method.apply(t, args);
          };
        }
        if (prop === 'child') return (...args: Parameters<Logger['child']>) => wrap(t.child(...args) as unknown as Logger);
        return Reflect.get(t, prop, receiver) as unknown;
      },
    });
  return wrap(log);
}
