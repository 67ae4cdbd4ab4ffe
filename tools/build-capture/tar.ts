/** Reads one file out of an npm package tarball (.tgz): a ustar reader for the little that `npm pack` writes. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

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

/** The bytes of `wanted` (e.g. "package/bin/node.exe") in the tarball, or null when it holds no such file. */
export function readFromTgz(tgzFile: string, wanted: string): Buffer | null {
  return readManyFromTgz(tgzFile, [wanted]).get(wanted) ?? null;
}

/** The bytes of each of `wanted` found in the tarball, in one pass (a model package is 144 MB: unzip it once). */
export function readManyFromTgz(tgzFile: string, wanted: readonly string[]): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const tar = gunzipSync(readFileSync(tgzFile));
  let longName: string | undefined;
  for (let at = 0; at + BLOCK <= tar.length;) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break; // two zero blocks end the archive
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const body = tar.subarray(at + BLOCK, at + BLOCK + size);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    // 'x' (pax) and 'L' (GNU) carry the full name of the next entry when it does not fit in 100 bytes.
    if (type === 'x') longName = paxPath(body) ?? longName;
    else if (type === 'L') longName = field(body, 0, body.length);
    if (type === 'x' || type === 'L' || type === 'g') continue;
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    if ((type === '0' || type === '\0') && wanted.includes(name)) {
      found.set(name, Buffer.from(body));
      if (found.size === wanted.length) break;
    }
  }
  return found;
}
