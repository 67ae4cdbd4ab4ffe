import { describe, expect, it } from 'vitest';
import { MultipartReader } from '../../../capture-client/sources/multipart-reader.js';
import { closeDelimiter, partHeader } from '../../../server/transports/mjpeg/multipart.js';
import { makeJpeg } from '../../helpers/jpeg.js';

/** Feeds `bytes` in chunks of `size` and returns the JPEGs read. */
function read(reader: MultipartReader, bytes: Buffer, size = bytes.length): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size), (j) => out.push(j));
  return out;
}

const part = (jpeg: Buffer, headers: string, boundary = 'frame'): Buffer =>
  Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n`, 'latin1'), jpeg, Buffer.from('\r\n')]);

describe('MultipartReader', () => {
  it("reads the relay's own stream (Content-Length parts) fed one byte at a time, so a boundary split across chunks is found", async () => {
    const jpegs = await Promise.all([1, 2, 3].map((n) => makeJpeg(32, 24, n)));
    const stream = Buffer.concat([...jpegs.flatMap((j, i) => [partHeader(j.length, i), j, Buffer.from('\r\n')]), closeDelimiter()]);
    expect(read(new MultipartReader('camrelay-frame'), stream, 1)).toEqual(jpegs);
  });

  it('reads parts without Content-Length up to the next delimiter, with bare-LF headers and a boundary given with its dashes', async () => {
    const jpegs = await Promise.all([1, 2].map((n) => makeJpeg(32, 24, n)));
    const lf = (j: Buffer) => Buffer.concat([Buffer.from('--myboundary\nContent-Type: image/jpeg\n\n'), j, Buffer.from('\n')]);
    const stream = Buffer.concat([lf(jpegs[0]!), lf(jpegs[1]!), Buffer.from('--myboundary\n')]);
    for (const size of [1, 7, 4096]) expect(read(new MultipartReader('--myboundary'), stream, size)).toEqual(jpegs);
  });

  it("gives a part without Content-Length at its JPEG's end, before the next part starts", async () => {
    const jpeg = await makeJpeg(32, 24, 5);
    expect(read(new MultipartReader('frame'), part(jpeg, 'Content-Type: image/jpeg\r\n'), 64)).toEqual([jpeg]);
  });

  it('splits by JPEG markers when the Content-Type names no boundary', async () => {
    const jpegs = await Promise.all([1, 2].map((n) => makeJpeg(32, 24, n)));
    const stream = Buffer.concat(jpegs.map((j) => part(j, 'Content-Type: image/jpeg\r\n')));
    expect(read(new MultipartReader(undefined), stream, 100)).toEqual(jpegs);
  });

  it('refuses a stream with no delimiter in its first maxPartBytes, holding no more than a delimiter meanwhile', () => {
    const reader = new MultipartReader('frame', { maxPartBytes: 1000 });
    const html = Buffer.from('<html><body>Login</body></html>'.repeat(20));
    reader.push(html, () => {});
    expect(reader.buffered).toBeLessThan('--frame'.length);
    expect(() => reader.push(html, () => {})).toThrow(/no part boundary "--frame" in its first 1000 bytes/);
  });

  it('skips a part whose Content-Length is over the cap without holding its bytes, and reads the next', async () => {
    const [small, big] = [await makeJpeg(16, 16, 1), Buffer.alloc(5000, 0xff)];
    const reader = new MultipartReader('frame', { maxPartBytes: 2000 });
    const stream = Buffer.concat([part(big, `Content-Length: ${big.length}\r\n`), part(small, `Content-Length: ${small.length}\r\n`)]);
    const got: Buffer[] = [];
    let held = 0;
    for (let i = 0; i < stream.length; i += 512) {
      reader.push(stream.subarray(i, i + 512), (j) => got.push(j));
      held = Math.max(held, reader.buffered);
    }
    expect(got).toEqual([small]);
    expect(reader.dropped).toBe(1);
    expect(held).toBeLessThan(2000 + 512);
  });

  it('lets go of a part without Content-Length once it passes the cap, and reads the next', async () => {
    const small = await makeJpeg(16, 16, 2);
    const reader = new MultipartReader('frame', { maxPartBytes: 2000 });
    const stream = Buffer.concat([part(Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(6000, 0x11)]), ''), part(small, '')]);
    let held = 0;
    const got: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 256) {
      reader.push(stream.subarray(i, i + 256), (j) => got.push(j));
      held = Math.max(held, reader.buffered);
    }
    expect(got).toEqual([small]);
    expect(reader.dropped).toBe(1);
    expect(held).toBeLessThanOrEqual(2000 + 256);
  });

  it('drops a part that is not a JPEG and refuses endless headers', async () => {
    const reader = new MultipartReader('frame', { maxHeaderBytes: 100 });
    expect(read(reader, part(Buffer.from('not a picture'), 'Content-Length: 13\r\n'))).toEqual([]);
    expect(reader.dropped).toBe(1);
    expect(() => reader.push(Buffer.from(`--frame\r\n${'X-Junk: 1\r\n'.repeat(20)}`), () => {})).toThrow(/over 100 bytes of headers/);
  });
});
