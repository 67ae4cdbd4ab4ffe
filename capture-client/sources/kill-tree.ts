/**
 * Ends a child process and everything it started. A wrapper in front of ffmpeg (a package manager's shim, a
 * script) can leave the real ffmpeg running after its parent is killed, holding the camera and the stdout pipe;
 * 'close' then never comes and Ctrl+C never ends the program (#26 item 5).
 */
import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Spawn options for a child killTree can end: on POSIX its own process group (detached), so the whole group can
 * be signalled. Ctrl+C then no longer reaches ffmpeg from the terminal, only through the program's own stop,
 * which sends it SIGTERM at once; a child that outlives a SIGKILLed program dies of a broken pipe at its next frame.
 * Windows keeps the console's group: detached there means a console of its own.
 */
export function killableSpawnOptions(platform: NodeJS.Platform = process.platform): { detached: boolean } {
  return { detached: platform !== 'win32' };
}

/** Asks the child's tree to stop: SIGTERM to its group on POSIX; Windows has no such request, so this is killTree. */
export function askTreeToStop(child: ChildProcess, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') return killTree(child, platform);
  signalGroup(child, 'SIGTERM');
}

/** Kills the child and its descendants at once: SIGKILL to its process group, or `taskkill /T /F` on Windows. */
export function killTree(child: ChildProcess, platform: NodeJS.Platform = process.platform): void {
  if (child.pid === undefined) return;
  if (platform !== 'win32') return signalGroup(child, 'SIGKILL');
  // An argument array, never a shell string. taskkill walks the tree from a live parent, so the parent is not
  // terminated before it; when taskkill cannot run or fails, TerminateProcess ends ffmpeg at least.
  const taskkill = spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' });
  taskkill.on('error', () => child.kill());
  taskkill.on('exit', (code) => code !== 0 && child.kill());
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // No such group (not spawned detached, or already gone): the child alone, if it is still there.
    child.kill(signal);
  }
}

/**
 * Stops a child's tree and waits for `exited` (the caller's promise of 'close'): SIGTERM first, so ffmpeg can
 * finish its file; after graceMs the tree is killed and the pipes let go, as a descendant that left the group
 * can still hold them and 'close' would otherwise never come.
 */
export async function stopTree(child: ChildProcess, exited: Promise<void>, graceMs: number | undefined): Promise<void> {
  askTreeToStop(child);
  const force = setTimeout(() => {
    killTree(child);
    child.stdout?.destroy();
    child.stderr?.destroy();
  }, graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(force);
  }
}
