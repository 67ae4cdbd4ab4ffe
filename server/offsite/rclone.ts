/**
 * One `rclone copyto` of a local file to the user's remote: spawned with an argument array (no
 * shell), retries and timeouts kept short because the queue does the retrying, and rclone's last
 * error line as the reason, cleaned of anything that looks like a secret.
 */
import { spawn } from 'node:child_process';
import type { OffsiteConfig } from './settings.js';

export type CopyResult = { ok: true } | { ok: false; error: string };

export const NOT_INSTALLED = 'rclone is not installed';
/** A copy that takes longer than this is ended (rclone's own --timeout only ends idle transfers). */
const DEADLINE_MS = 30 * 60_000;

/** `remote` and a path under it: `evidence:camrelay` + `door/x.jpg`, or `evidence:` + `door/x.jpg`. */
export function remotePath(remote: string, rest: string): string {
  return /[:/]$/.test(remote) ? `${remote}${rest}` : `${remote}/${rest}`;
}

/** rclone's arguments for one copy. */
export function copyArgs(c: Pick<OffsiteConfig, 'rcloneConfig' | 'bwlimit'>, from: string, to: string): string[] {
  return [
    'copyto',
    from,
    to,
    ...(c.rcloneConfig ? ['--config', c.rcloneConfig] : []),
    // The queue retries with backoff; rclone's own retries would only hold the slot longer.
    '--retries',
    '1',
    '--low-level-retries',
    '2',
    '--contimeout',
    '15s',
    '--timeout',
    '60s',
    // An encrypted rclone.conf would wait for a password on stdin: fail at once instead.
    '--ask-password=false',
    ...(c.bwlimit ? ['--bwlimit', c.bwlimit] : []),
  ];
}

/** The line of rclone's output that says why, without its timestamp, passwords, tokens or URL credentials. */
export function lastError(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.findLast((l) => /ERROR|Failed|error|Fatal/.test(l)) ?? lines.at(-1) ?? 'rclone failed';
  return (
    line
      .replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\s+/, '')
      .replace(/^(ERROR|NOTICE|CRITICAL)\s*:\s*/, '')
      // `Failed to copyto: Put "https://host/x.jpg": dial tcp …`: the reason, without the request rclone was making.
      .replace(/^Failed to copyto: /, '')
      .replace(/\b[A-Z][a-z]+ "[a-z]+:\/\/[^"]*": /g, '')
      .replace(/(\/\/)[^/@\s]+@/g, '$1***@')
      .replace(/\bBearer\s+\S+/gi, 'Bearer ***')
      .replace(/\b(pass(word)?|token|secret|key|authorization)(["']?\s*[:=]\s*)("[^"]*"|'[^']*'|\S+)/gi, '$1$3***')
      .slice(0, 300)
  );
}

/** Copies `from` to `to` on the remote; resolves with why it did not (never rejects). */
export function rcloneCopy(c: Pick<OffsiteConfig, 'rclone' | 'rcloneConfig' | 'bwlimit'>, from: string, to: string, signal?: AbortSignal): Promise<CopyResult> {
  return new Promise((resolve) => {
    // The signal ends it when the relay stops (the copy is redone at the next start).
    const child = spawn(c.rclone, copyArgs(c, from, to), { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true, signal, killSignal: 'SIGKILL' });
    let output = '';
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    const deadline = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
    deadline.unref();
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(deadline);
      const why =
        err.code === 'ENOENT' ? NOT_INSTALLED : err.name === 'AbortError' ? 'the relay stopped during the copy' : `rclone could not start: ${err.message}`;
      resolve({ ok: false, error: why });
    });
    child.once('close', (code, signal) => {
      clearTimeout(deadline);
      if (code === 0) resolve({ ok: true });
      else if (code !== null || signal) resolve({ ok: false, error: signal ? `rclone was stopped (${signal})` : lastError(output) });
    });
  });
}

/** Whether the rclone program runs (`rclone version`): null, or why not. */
export function rcloneProblem(rclone: string): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(rclone, ['version'], { stdio: 'ignore', windowsHide: true });
    child.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ENOENT' ? NOT_INSTALLED : `rclone could not start: ${err.message}`));
    child.once('close', (code) => resolve(code === 0 ? null : `rclone version exited with ${code}`));
  });
}
