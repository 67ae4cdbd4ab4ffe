/** Reads files out of an npm package tarball (.tgz): a ustar reader for the little that `npm pack` writes. */
import { createReadStream, readFileSync } from 'node:fs';
import { createGunzip, gunzipSync } from 'node:zlib';

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

/** The `path` of a pax extended header ("<len> path=<value>\n" records), if it has one. */
function paxPath(body: Buffer): string | undefined {
  return /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
}

/**
 * Walks a tar archive given in chunks of any size, keeping only the bodies of `wanted` files (and the
 * small pax/GNU name records): the rest is skipped, never held, so a 144 MB package costs little memory.
 */
class TarScanner {
  readonly found = new Map<string, Buffer>();
  done = false;
  private pending: Buffer = Buffer.alloc(0);
  /** The entry whose body is being read: its name (null when skipped), type, body left and padding. */
  private body: { name: string | null; type: string; left: number; pad: number; parts: Buffer[] } | null = null;
  private longName: string | undefined;

  constructor(private readonly wanted: readonly string[]) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (!this.done) {
      if (this.body) {
        if (!this.readBody()) return;
      } else {
        if (this.pending.length < BLOCK) return;
        this.readHeader(this.pending.subarray(0, BLOCK));
        this.pending = this.pending.subarray(BLOCK);
      }
    }
  }

  private readHeader(header: Buffer): void {
    if (header.every((b) => b === 0)) {
      this.done = true; // two zero blocks end the archive
      return;
    }
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const prefix = field(header, 345, 155);
    const name = this.longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    // 'x' (pax) and 'L' (GNU) carry the full name of the next entry when it does not fit in 100 bytes.
    const record = type === 'x' || type === 'L';
    if (!record && type !== 'g') this.longName = undefined;
    const keep = record || ((type === '0' || type === '\0') && this.wanted.includes(name) && !this.found.has(name));
    this.body = { name: keep ? name : null, type, left: size, pad: (BLOCK - (size % BLOCK)) % BLOCK, parts: [] };
  }

  /** Consumes what it can of the current body and its padding; true when the body is finished. */
  private readBody(): boolean {
    const body = this.body!;
    const take = Math.min(body.left, this.pending.length);
    if (body.name !== null && take > 0) body.parts.push(Buffer.from(this.pending.subarray(0, take)));
    body.left -= take;
    this.pending = this.pending.subarray(take);
    if (body.left > 0) return false;
    const pad = Math.min(body.pad, this.pending.length);
    body.pad -= pad;
    this.pending = this.pending.subarray(pad);
    if (body.pad > 0) return false;
    this.body = null;
    if (body.name === null) return true;
    const bytes = Buffer.concat(body.parts);
    if (body.type === 'x') this.longName = paxPath(bytes) ?? this.longName;
    else if (body.type === 'L') this.longName = field(bytes, 0, bytes.length);
    else {
      this.found.set(body.name, bytes);
      if (this.found.size === this.wanted.length) this.done = true;
    }
    return true;
  }
}

/** The bytes of `wanted` (e.g. "package/bin/node.exe") in the tarball, or null when it holds no such file. */
export function readFromTgz(tgzFile: string, wanted: string): Buffer | null {
  const scanner = new TarScanner([wanted]);
  scanner.push(gunzipSync(readFileSync(tgzFile)));
  return scanner.found.get(wanted) ?? null;
}

/** The bytes of each of `wanted` found in the tarball, streamed in one pass (a model package is 144 MB). */
export async function readManyFromTgz(tgzFile: string, wanted: readonly string[]): Promise<Map<string, Buffer>> {
  const scanner = new TarScanner(wanted);
  const stream = createReadStream(tgzFile).pipe(createGunzip());
  for await (const chunk of stream) {
    scanner.push(chunk as Buffer);
    if (scanner.done) break; // leaving the loop destroys the streams
  }
  return scanner.found;
}
