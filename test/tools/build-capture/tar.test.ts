/** Reading one file out of a real `npm pack` tarball layout: ustar names, a prefix, and a pax long name. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readFromTgz, readManyFromTgz } from '../../../tools/build-capture/tar.js';

/** One tar entry: a 512-byte header (name, octal size, type) and the body padded to 512. */
function entry(name: string, body: Buffer, type = '0', prefix = ''): Buffer {
  const header = Buffer.alloc(512);
  header.write(name.slice(0, 100), 0, 'utf8');
  header.write(body.length.toString(8).padStart(11, '0'), 124, 'latin1');
  header.write(type, 156, 'latin1');
  header.write('ustar\0', 257, 'latin1');
  header.write(prefix, 345, 'utf8');
  return Buffer.concat([header, body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

describe('readFromTgz', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-tar-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const long = `package/${'deep/'.repeat(25)}file.txt`;
  const pax = Buffer.from(`${`path=${long}\n`.length + 4} path=${long}\n`);
  const tgz = path.join(dir, 'p.tgz');
  writeFileSync(
    tgz,
    gzipSync(
      Buffer.concat([
        entry('package/package.json', Buffer.from('{}')),
        entry('node.exe', Buffer.from('MZ binary'), '0', 'package/bin'),
        entry('PaxHeader', pax, 'x'),
        entry(long, Buffer.from('long one')),
        Buffer.alloc(1024),
      ]),
    ),
  );

  it('finds a file by its full path, whether the name uses the ustar prefix or a pax header', () => {
    expect(readFromTgz(tgz, 'package/bin/node.exe')?.toString()).toBe('MZ binary');
    expect(readFromTgz(tgz, long)?.toString()).toBe('long one');
    expect(readFromTgz(tgz, 'package/package.json')?.toString()).toBe('{}');
  });

  it('is null for a file the package does not have', () => {
    expect(readFromTgz(tgz, 'package/bin/node')).toBeNull();
  });
});

describe('readManyFromTgz', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-tar-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const tgz = path.join(dir, 'm.tgz');
  const big = Buffer.alloc(300_000, 7); // spans many of the gunzip stream's 16 KiB chunks, and is skipped
  const wantedBig = Buffer.from(Array.from({ length: 70_001 }, (_, i) => i % 251));
  const long = `package/${'models/'.repeat(20)}nanodet.bin`;
  const pax = Buffer.from(`${`path=${long}\n`.length + 4} path=${long}\n`);
  writeFileSync(
    tgz,
    gzipSync(
      Buffer.concat([
        entry('package/a.json', Buffer.from('A')),
        entry('package/other.bin', big),
        entry('PaxHeader', pax, 'x'),
        entry(long, wantedBig),
        entry('package/LICENSE', Buffer.from('L')),
        Buffer.alloc(1024),
      ]),
    ),
  );

  it('streams out every wanted file it holds, across chunks and pax names, and leaves out the ones it does not', async () => {
    const found = await readManyFromTgz(tgz, ['package/LICENSE', 'package/a.json', long, 'package/missing.bin']);
    expect([...found.keys()].sort()).toEqual([long, 'package/LICENSE', 'package/a.json'].sort());
    expect(found.get('package/a.json')?.toString()).toBe('A');
    expect(found.get(long)?.equals(wantedBig)).toBe(true);
    expect(found.get('package/LICENSE')?.toString()).toBe('L');
  });
});
