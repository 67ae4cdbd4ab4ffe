import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { ResponseSink } from '../../../../server/transports/mjpeg/response-sink.js';
import { frame } from '../../../helpers/frames.js';
import { MultipartParser } from '../../../helpers/multipart.js';

function bigFrame(seq: number, bytes: number) {
  return { ...frame(seq), jpeg: Buffer.alloc(bytes, seq) };
}

describe('ResponseSink', () => {
  describe('#write', () => {
    it('writes one part per frame and frees the pipe at once while the stream has room', () => {
      const out = new PassThrough();
      const sink = new ResponseSink(out, 'b');
      const done = vi.fn();
      sink.write(frame(1), done);
      sink.write(frame(2), done);
      expect(done).toHaveBeenCalledTimes(2);
      const parser = new MultipartParser('b');
      const parts = parser.push(out.read() as Buffer);
      expect(parts.map((p) => [p.headers['x-frame-seq'], p.body])).toEqual([
        ['1', frame(1).jpeg],
        ['2', frame(2).jpeg],
      ]);
      expect(sink.written).toBe(2);
    });

    it('frees the pipe only when a full stream drains', async () => {
      const out = new PassThrough({ highWaterMark: 1024 });
      const sink = new ResponseSink(out);
      const done = vi.fn();
      sink.write(bigFrame(1, 4096), done);
      expect(done).not.toHaveBeenCalled();
      const drained = once(out, 'drain');
      out.resume();
      await drained;
      expect(done).toHaveBeenCalledTimes(1);
    });

    it('writes nothing into an ended response', () => {
      const out = new PassThrough();
      const sink = new ResponseSink(out);
      sink.end();
      const done = vi.fn();
      sink.write(frame(1), done);
      expect(sink.written).toBe(0);
    });
  });

  describe('#end', () => {
    it('ends the stream with the close delimiter', async () => {
      const out = new PassThrough();
      const sink = new ResponseSink(out, 'b');
      sink.write(frame(1), () => {});
      sink.end();
      const chunks: Buffer[] = [];
      for await (const chunk of out) chunks.push(chunk as Buffer);
      const parser = new MultipartParser('b');
      parser.push(Buffer.concat(chunks));
      expect(parser.parts).toHaveLength(1);
      expect(parser.ended).toBe(true);
    });
  });
});
