/** A loud 440 Hz tone at 8 kHz (talk-back's rate), and a second of it said on /monitor as a page says it. */

/** `ms` of the tone, 16-bit. */
export function tone(ms: number): Int16Array {
  return Int16Array.from({ length: (8 * ms) | 0 }, (_, i) => Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
}

/** A second of the tone as a page says it: a 20 ms piece, 16-bit little-endian, every 20 ms; resolves after the last. */
export function sayTone(s: { emit(event: 'talk', to: { cameraId: string }, pcm: Buffer): unknown }, cameraId: string): Promise<void> {
  const bytes = Buffer.from(tone(1000).buffer);
  let piece = 0;
  return new Promise((resolve) => {
    const microphone = setInterval(() => {
      s.emit('talk', { cameraId }, bytes.subarray(piece * 320, (piece + 1) * 320));
      if (++piece < 50) return;
      clearInterval(microphone);
      resolve();
    }, 20);
  });
}
