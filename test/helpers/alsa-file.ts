/**
 * A sound card for tests with none: ALSA's file plugin, given to ffmpeg by ALSA_CONFIG_PATH, writes what `default`
 * (and only that) would play to a file as raw samples; any other device name does not exist.
 */

/** An asound.conf whose `default` writes what it plays to `file`. */
export function alsaFileConfig(file: string): string {
  return `pcm.!default {\n  type file\n  slave.pcm { type null }\n  file "${file}"\n  format "raw"\n}\n`;
}

/** The pitch of a tone: its upward zero crossings per second. */
export function crossingsPerSecond(samples: Int16Array, rate: number): number {
  let up = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 && samples[i]! >= 0) up++;
  return (up * rate) / samples.length;
}
