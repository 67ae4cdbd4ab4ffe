/** Mp4Muxer: real libx264 units in, the boxes a player reads out; nothing before a keyframe, the end at a new SPS. */
import { describe, expect, it } from 'vitest';
import { mp4Boxes } from '../../../common/codec/fmp4.js';
import { Mp4Muxer, type MuxUnit } from '../../../server/streams/mp4-muxer.js';
import { h264AccessUnits } from '../../helpers/h264.js';

const types = (chunks: Uint8Array[]) => chunks.flatMap((c) => [...mp4Boxes(c)].map(([t]) => t));

describe('Mp4Muxer', () => {
  describe('#push', () => {
    it('waits for a keyframe, then writes the init segment and one moof+mdat per unit with rising decode times', async () => {
      const units = await h264AccessUnits(12, 160, 90, 10);
      const unit = (i: number, at: number): MuxUnit => ({ au: units[i]!.au, keyframe: units[i]!.keyframe, width: 160, height: 90, capturedAt: at });
      const muxer = new Mp4Muxer();
      expect(muxer.push(unit(1, 0))).toEqual({ kind: 'wait' });
      const first = muxer.push(unit(10, 1000));
      expect(first.kind === 'bytes' && types(first.chunks)).toEqual(['ftyp', 'moov', 'moof', 'mdat']);
      const next = muxer.push(unit(11, 1000)); // the same millisecond: its decode time still rises
      expect(next.kind === 'bytes' && types(next.chunks)).toEqual(['moof', 'mdat']);
      const tfdt = (r: ReturnType<Mp4Muxer['push']>) => {
        const moof = r.kind === 'bytes' ? [...mp4Boxes(r.chunks.at(-1)!)].find(([t]) => t === 'moof')![1] : null;
        const traf = [...mp4Boxes(moof!)].find(([t]) => t === 'traf')![1];
        const box = [...mp4Boxes(traf)].find(([t]) => t === 'tfdt')![1];
        return Number(new DataView(box.buffer, box.byteOffset).getBigUint64(4));
      };
      expect(tfdt(next)).toBeGreaterThan(tfdt(first));
    });

    it('ends the stream at a keyframe whose SPS differs (a new size needs a new moov)', async () => {
      const [small, big] = await Promise.all([h264AccessUnits(1, 160, 90), h264AccessUnits(1, 320, 180)]);
      const muxer = new Mp4Muxer();
      expect(muxer.push({ au: small[0]!.au, keyframe: true, width: 160, height: 90, capturedAt: 0 }).kind).toBe('bytes');
      expect(muxer.push({ au: big[0]!.au, keyframe: true, width: 320, height: 180, capturedAt: 66 })).toEqual({ kind: 'changed' });
    });
  });
});
