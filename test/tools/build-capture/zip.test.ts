/** The zip writer, read back by an independent reader (fflate). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { writeZip } from '../../../tools/build-capture/zip.js';

describe('writeZip', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-zip-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes entries an unzip tool reads back unchanged: compressible, incompressible, empty and non-ASCII names', () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24));
    const entries = [
      { name: 'README-capture.txt', data: Buffer.from('line\r\n'.repeat(500)) },
      { name: 'random.bin', data: random },
      { name: 'empty', data: Buffer.alloc(0) },
      { name: 'Kamera-Büro.txt', data: Buffer.from('ü') },
    ];
    const file = path.join(dir, 'a.zip');
    const size = writeZip(file, entries, new Date(2024, 5, 1, 12, 30, 10));
    const bytes = readFileSync(file);
    expect(size).toBe(bytes.length);
    expect(bytes.length).toBeLessThan(3000 + random.length); // the text one was deflated
    const back = unzipSync(bytes);
    expect(Object.keys(back)).toEqual(entries.map((e) => e.name));
    for (const e of entries) expect(Buffer.from(back[e.name]!).equals(e.data)).toBe(true);
  });
});
