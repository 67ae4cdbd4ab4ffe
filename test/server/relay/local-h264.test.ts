import { describe, expect, it } from 'vitest';
import { LocalH264 } from '../../../server/relay/local-h264.js';

describe('LocalH264', () => {
  describe('#ingest', () => {
    it('hands each access unit on with its capture time moved to the server clock by the client’s offset', () => {
      const hook = new LocalH264(() => 5000);
      const heard: unknown[] = [];
      hook.onH264((camera, meta, au, receivedAt) => heard.push([camera, meta.capturedAt, au.length, receivedAt]));
      hook.ingest('door', { seq: 1, capturedAt: 1000, keyframe: true, width: 2, height: 2, clockOffset: 250 }, Buffer.alloc(3));
      hook.ingest('door', { seq: 2, capturedAt: 1066, keyframe: false, width: 2, height: 2 }, Buffer.alloc(1));
      expect(heard).toEqual([
        ['door', 1250, 3, 5000],
        ['door', 1066, 1, 5000],
      ]);
    });
  });

  describe('#ingestAac', () => {
    it('hands each AAC frame on untouched, its capture time moved to the server clock as the video’s is', () => {
      const hook = new LocalH264();
      const heard: unknown[] = [];
      hook.onAac((camera, meta, frame) => heard.push([camera, meta.capturedAt, meta.config, frame]));
      const frame = Buffer.from([0x21, 0x10]);
      hook.ingestAac('door', { seq: 1, capturedAt: 1000, sampleRate: 48000, channels: 1, config: '1188', clockOffset: -40 }, frame);
      expect(heard).toEqual([['door', 960, '1188', frame]]);
    });
  });
});
