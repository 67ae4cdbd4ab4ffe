import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../../../server/relay/frame-codec.js';
import { frame } from '../../helpers/frames.js';

const { meta, link } = frame(7, 'porch');
/** Bytes that are not valid UTF-8, so a text round trip would change them. */
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x80, 0xc3, 0x28, 0x00, 0xfe, 0xff, 0xd9]);

/** A message with this head (any JSON text) and body. */
function message(head: string, body = jpeg): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(Buffer.byteLength(head), 0);
  return Buffer.concat([len, Buffer.from(head), body]);
}

describe('frame-codec', () => {
  describe('encodeFrame', () => {
    it('puts the JPEG bytes after the head unchanged: binary, not base64', () => {
      const buf = encodeFrame(meta, link, jpeg);
      expect(buf.subarray(buf.length - jpeg.length)).toEqual(jpeg);
      expect(buf.readUInt32BE(0)).toBe(buf.length - 4 - jpeg.length);
    });
  });

  describe('decodeFrame', () => {
    it('gives back the metadata, the link and the JPEG that were encoded', () => {
      const decoded = decodeFrame(encodeFrame(meta, 'polling', jpeg));
      expect(decoded).toEqual({ meta, link: 'polling', jpeg });
    });

    it('carries an epoch of the server clock (ms since 1970) exactly', () => {
      const decoded = decodeFrame(encodeFrame({ ...meta, epoch: 1_795_345_530_112 }, link, jpeg));
      expect(decoded?.meta.epoch).toBe(1_795_345_530_112);
    });

    it('decodes a frame with an empty JPEG', () => {
      expect(decodeFrame(encodeFrame(meta, link, Buffer.alloc(0)))?.jpeg).toHaveLength(0);
    });

    it.each([
      ['nothing', Buffer.alloc(0)],
      ['three bytes', Buffer.from([0, 0, 1])],
      ['a head longer than the message', Buffer.concat([Buffer.from([0, 0, 0, 200]), Buffer.from('{}')])],
      ['a head over 4096 bytes', message(JSON.stringify({ meta, link, pad: 'x'.repeat(4100) }))],
      ['a head that is not JSON', message('{"meta":')],
      ['a head of JSON null', message('null')],
      ['metadata without a camera id', message(JSON.stringify({ meta: { ...meta, cameraId: 5 }, link }))],
      ['metadata without a sequence number', message(JSON.stringify({ meta: { ...meta, seq: '7' }, link }))],
      ['no metadata at all', message(JSON.stringify({ link }))],
      ['metadata without an epoch', message(JSON.stringify({ meta: { ...meta, epoch: undefined }, link }))],
      ['an epoch that is not an integer', message(JSON.stringify({ meta: { ...meta, epoch: '1795345530112' }, link }))],
    ])('returns null for %s', (_what, buf) => {
      expect(decodeFrame(buf)).toBeNull();
    });

    it('never throws, whatever bytes another node or a stranger puts on the channel', () => {
      // A fixed-seed generator: the same bytes on every run.
      let seed = 1;
      const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
      const good = encodeFrame(meta, link, jpeg);
      for (let i = 0; i < 2000; i++) {
        const buf = Buffer.from(good);
        for (let flips = 1 + (next() % 4); flips > 0; flips--) buf[next() % buf.length] = next() % 256;
        expect(() => decodeFrame(buf.subarray(0, next() % (buf.length + 1)))).not.toThrow();
      }
    });
  });
});
