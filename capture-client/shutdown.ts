/**
 * Stop requests from the console, listened to from the first line of main: Ctrl+C (SIGINT), a
 * service manager (SIGTERM), Ctrl+Break (SIGBREAK, Windows) and a closed console window (SIGHUP:
 * Windows ends the process about 10 s later, per Node's docs, and an ffmpeg child it has not killed may
 * hold the camera).
 */

export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGBREAK', 'SIGHUP'] as const;
export type ShutdownSignal = (typeof SHUTDOWN_SIGNALS)[number];

/** What Shutdown needs of `process`; a test passes an EventEmitter. */
export interface SignalSource {
  on(signal: ShutdownSignal, listener: () => void): unknown;
  off(signal: ShutdownSignal, listener: () => void): unknown;
}

/** What runs when a stop takes too long: the program exits whatever still runs. */
export interface StopDeadline {
  ms: number;
  expire: (signal: ShutdownSignal) => void;
}

export class Shutdown {
  private readonly controller = new AbortController();
  private readonly listeners = new Map<ShutdownSignal, () => void>();

  /**
   * `force` runs at a second request while the first is still stopping things (Ctrl+C twice); `deadline` runs
   * once, that long after the first request, so one Ctrl+C or a closed window ends the program whatever hangs.
   */
  constructor(
    private readonly force: (signal: ShutdownSignal) => void,
    private readonly source: SignalSource = process,
    private readonly deadline?: StopDeadline,
  ) {
    for (const signal of SHUTDOWN_SIGNALS) {
      const listener = (): void => this.request(signal);
      this.listeners.set(signal, listener);
      source.on(signal, listener);
    }
  }

  /** Aborted at the first stop request, with the signal's name as its reason. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  request(signal: ShutdownSignal): void {
    if (this.controller.signal.aborted) return this.force(signal);
    this.controller.abort(signal);
    const { deadline } = this;
    if (deadline) setTimeout(() => deadline.expire(signal), deadline.ms).unref();
  }

  /** Stops listening (tests; the program itself exits instead). */
  dispose(): void {
    for (const [signal, listener] of this.listeners) this.source.off(signal, listener);
  }
}
