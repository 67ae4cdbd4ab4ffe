/**
 * The diagnostics bundle (#42 item 3): one JSON file an admin attaches to a bug report. The config without secrets,
 * versions, the System section's figures with the recent log, the cameras and a /metrics snapshot. Every value under
 * a secret's key is replaced, URL passwords and query tokens are cut, and the finished text is searched once more
 * for each known secret value (the backstop: a secret that reached a log line or a camera name still goes).
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import type { SystemStatus } from '../../shared/system.js';
import { VERSION } from '../version.js';
import { redactText, redactValue, REDACTED } from '../log-ring/redact.js';

export interface BundleParts {
  status: SystemStatus;
  config: Record<string, unknown>;
  /** Each module's own `config()` (what the start-up log shows). */
  modules: Record<string, Record<string, unknown>>;
  cameras: unknown[];
  ipCameras: unknown[];
  metrics: string;
  ffmpeg: string | null;
  known: readonly string[];
  now: number;
}

/** A webhook's URL is its receiver's key (a Slack or ntfy URL is a secret in its path): only its origin is kept. */
function originOnly(url: unknown): string {
  try {
    return `${new URL(String(url)).origin}/${REDACTED}`;
  } catch {
    return REDACTED;
  }
}

/** The config as the bundle shows it: secrets out, webhook URLs cut to their origin. */
export function bundleConfig(config: Record<string, unknown>, known: readonly string[]): Record<string, unknown> {
  const copy = redactValue(config, known) as Record<string, unknown>;
  const recording = copy.recording as { webhooks?: Array<Record<string, unknown>> } | undefined;
  if (recording?.webhooks) recording.webhooks = recording.webhooks.map((w) => ({ ...w, url: originOnly(w.url) }));
  return copy;
}

/** The bundle's text: pretty JSON, with every known secret value searched out of it (raw and as JSON escapes it). */
export function bundleText(p: BundleParts): string {
  const bundle = {
    bundle: 'camrelay-diagnostics',
    made: new Date(p.now).toISOString(),
    versions: { camrelay: VERSION, node: process.version, ffmpeg: p.ffmpeg, platform: `${process.platform}-${process.arch}`, os: os.release() },
    system: p.status,
    config: bundleConfig(p.config, p.known),
    modules: redactValue(p.modules, p.known),
    cameras: redactValue(p.cameras, p.known),
    ipCameras: redactValue(p.ipCameras, p.known),
    metrics: redactText(p.metrics, p.known),
  };
  const escaped = p.known.flatMap((k) => [k, JSON.stringify(k).slice(1, -1), encodeURIComponent(k)]);
  return redactText(
    JSON.stringify(bundle, null, 2),
    [...new Set(escaped)].sort((a, b) => b.length - a.length),
  );
}

/** `ffmpeg version 6.0 …`, the first line of `ffmpeg -version`; null when there is no ffmpeg (the module asks once). */
export function ffmpegVersion(path: () => string): Promise<string | null> {
  return new Promise((resolve) => {
    let file: string;
    try {
      file = path();
    } catch {
      return resolve(null);
    }
    execFile(file, ['-version'], { timeout: 10_000 }, (err, stdout) => resolve(err ? null : (stdout.split('\n')[0]?.trim().slice(0, 200) ?? null)));
  });
}
