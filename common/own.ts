/**
 * The owner of a background task nobody awaits (#37): its failure goes to `onError`, which says it,
 * never into the event loop, where an unhandled rejection ends the whole process.
 */
export function own(task: Promise<unknown>, onError: (err: Error) => void): void {
  task.catch((err: unknown) => onError(err instanceof Error ? err : new Error(String(err))));
}

const said = new Map<string, number>();
const SAY_EVERY_MS = 60_000;
const SAID_MAX = 256;

/**
 * An `onError` for a task that has no failure of its own to report (it catches inside): if one comes
 * anyway it is a bug, said on stderr with `where`, once a minute per message, and the process goes on.
 */
export function unexpected(where: string): (err: Error) => void {
  return (err) => {
    const line = `camrelay: ${where} failed unexpectedly: ${err.message}`;
    const now = Date.now();
    if (now - (said.get(line) ?? -Infinity) < SAY_EVERY_MS) return;
    if (said.size >= SAID_MAX) said.clear();
    said.set(line, now);
    console.error(line);
  };
}
