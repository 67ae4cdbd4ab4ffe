import { describe, expect, it } from 'vitest';
import { closeDelimiter, contentType, MJPEG_BOUNDARY, PART_END, partHeader } from '../../../../server/transports/mjpeg/multipart.js';
import { boundaryOf, MultipartParser } from '../../../helpers/multipart.js';

/** A stream of parts as the response sink writes them. */
function encode(bodies: Buffer[], boundary?: string): Buffer {
  const chunks = bodies.flatMap((body, seq) => [partHeader(body.length, seq, boundary), body, PART_END]);
  return Buffer.concat([...chunks, closeDelimiter(boundary)]);
}

// Bodies that look like framing: a CRLF, a delimiter, a close delimiter and nothing at all.
const bodies = [
  Buffer.from([0xff, 0xd8, 0x0d, 0x0a, 0x0d, 0x0a, 0xff, 0xd9]),
  Buffer.from(`\r\n--${MJPEG_BOUNDARY}\r\nContent-Length: 3\r\n\r\n`, 'latin1'),
  Buffer.from(`--${MJPEG_BOUNDARY}--\r\n`, 'latin1'),
  Buffer.alloc(0),
  Buffer.alloc(70_000, 0xab),
];

describe('multipart', () => {
  describe('contentType', () => {
    it('names the boundary the parts use', () => {
      expect(contentType()).toBe(`multipart/x-mixed-replace; boundary=${MJPEG_BOUNDARY}`);
      expect(boundaryOf(contentType('b-1'))).toBe('b-1');
    });
  });

  describe('partHeader', () => {
    it('writes the delimiter, the type, the length and the sequence number', () => {
      expect(partHeader(1234, 56).toString('latin1')).toBe(
        `--${MJPEG_BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: 1234\r\nX-Frame-Seq: 56\r\n\r\n`,
      );
    });
  });

  describe('closeDelimiter', () => {
    it('is the boundary between two dashes on each side', () => {
      expect(closeDelimiter('b').toString('latin1')).toBe('--b--\r\n');
    });
  });

  it('round-trips through the test parser in one chunk', () => {
    const parser = new MultipartParser(MJPEG_BOUNDARY);
    const parts = parser.push(encode(bodies));
    expect(parts.map((p) => p.body)).toEqual(bodies);
    expect(parts.map((p) => p.headers['x-frame-seq'])).toEqual(['0', '1', '2', '3', '4']);
    expect(parts.every((p) => p.headers['content-type'] === 'image/jpeg')).toBe(true);
    expect(parser.ended).toBe(true);
  });

  it('round-trips when the bytes arrive one at a time', () => {
    const parser = new MultipartParser('x');
    const bytes = encode(bodies.slice(0, 4), 'x');
    for (let i = 0; i < bytes.length; i++) parser.push(bytes.subarray(i, i + 1));
    expect(parser.parts.map((p) => p.body)).toEqual(bodies.slice(0, 4));
    expect(parser.ended).toBe(true);
  });

  it('is not ended by a stream that was cut short', () => {
    const parser = new MultipartParser(MJPEG_BOUNDARY);
    const bytes = encode(bodies.slice(0, 2));
    parser.push(bytes.subarray(0, bytes.length - closeDelimiter().length - 3));
    expect(parser.parts).toHaveLength(1);
    expect(parser.ended).toBe(false);
  });
});
