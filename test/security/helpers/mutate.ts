/** Seeded byte mutations (flip, insert, delete, truncate, duplicate) so a fuzz run can be replayed. */

/** mulberry32: a tiny seeded PRNG, good enough to pick bytes and positions reproducibly. */
export class Random {
  constructor(private state: number) {}

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** Bytes that matter to the Socket.IO text encoding, tried more often than random ones. */
const INTERESTING = Buffer.from('0123456789-,/[]{}":_\\ \u0000\u00ff', 'latin1');

/** One to three random edits of `input`; the input is not changed. */
export function mutate(input: Buffer, rnd: Random): Buffer {
  let out = Buffer.from(input);
  const edits = 1 + rnd.int(3);
  for (let e = 0; e < edits; e++) {
    const at = rnd.int(out.length + 1);
    const byte = rnd.next() < 0.5 ? INTERESTING[rnd.int(INTERESTING.length)]! : rnd.int(256);
    switch (rnd.int(5)) {
      case 0: // flip
        if (at < out.length) out[at] = out[at]! ^ (1 + rnd.int(255));
        break;
      case 1: // insert
        out = Buffer.concat([out.subarray(0, at), Buffer.from([byte]), out.subarray(at)]);
        break;
      case 2: // delete
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1)]);
        break;
      case 3: // truncate
        out = out.subarray(0, at);
        break;
      default: // duplicate a slice
        out = Buffer.concat([out.subarray(0, at), out.subarray(at, at + 1 + rnd.int(16)), out.subarray(at)]);
    }
  }
  return out;
}
