/**
 * Every camera of a cameras.json in this one process (--config), each on its own: one that cannot start, is
 * refused or taken over ends alone, and the program runs while any camera can. Ctrl+C stops them all.
 */
import { newCaptureStats } from '../common/capture/stats.js';
import { cameraRunner, exitCode, pickSource } from './camera-runner.js';
import type { CaptureCommand } from './cli.js';
import type { RunningCamera } from './run.js';
import { maskSecrets } from './sources/camera-url.js';
import { StatusBoard } from './status-board.js';

export interface SiteOptions {
  version: string;
  /** The cameras.json, for the first line. */
  file: string;
  /** Aborted by Ctrl+C, a closed console or a service stop: every camera stops, and the program exits 0. */
  signal: AbortSignal;
  /** Exits with the code once `stopping` settles (or at the stop deadline). */
  exitAfter(code: number, stopping: () => Promise<unknown>): void;
  board?: StatusBoard;
}

/** Starts every camera; resolves once each is running or has ended. */
export async function runSite(commands: readonly CaptureCommand[], opts: SiteOptions): Promise<void> {
  const board = opts.board ?? new StatusBoard();
  const running = new Map<string, RunningCamera>();
  const alive = new Set(commands.map((c) => c.cameraId));
  let quitting = false;
  let starts: Promise<unknown> = Promise.resolve();
  const stopAll = async (): Promise<void> => {
    // A camera still starting stops itself on the abort; its start settles once it has.
    await starts;
    await Promise.all([...running.values()].map((c) => c.stop()));
  };
  const quit = (code: number): void => {
    if (quitting) return;
    quitting = true;
    board.stop();
    opts.exitAfter(code, stopAll);
  };
  const end = (id: string, code: number): void => {
    if (!alive.delete(id)) return;
    board.ended(id, `exit ${code}`);
    void running.get(id)?.stop();
    if (alive.size > 0) return board.say(id, `This camera has stopped; ${alive.size} of ${commands.length} go on.`);
    board.say(id, 'No camera is left running: exiting.');
    quit(code);
  };
  process.stderr.write(`camrelay capture ${opts.version}: ${commands.length} cameras from ${opts.file} → ${commands[0]?.server}. Ctrl+C stops them all.\n`);
  if (opts.signal.aborted) return quit(0);
  opts.signal.addEventListener('abort', () => quit(0), { once: true });
  board.start();

  const startOne = async (command: CaptureCommand): Promise<void> => {
    const id = command.cameraId;
    const say = (m: string) => board.say(id, maskSecrets(m, command.url, command.recordUrl));
    try {
      const source = await pickSource(command, say, opts.signal);
      const camera = await cameraRunner(command, source, opts.signal, { say, ended: (code) => end(id, code) });
      running.set(id, camera);
      board.add(id, camera.client.stats, () => camera.sourceNote());
      say(`${source} → ${command.server} as "${id}" (transport ${command.transport}).`);
      // Ended (taken over, say) before its start resolved: it was not in `running` to be stopped then.
      if (!alive.has(id)) await camera.stop();
    } catch (err) {
      if (opts.signal.aborted) return;
      board.add(id, newCaptureStats(), () => null);
      say(`camrelay capture: ${err instanceof Error ? err.message : String(err)}`);
      end(id, exitCode(err));
    }
  };
  starts = Promise.all(commands.map(startOne));
  await starts;
}
