import { describe, expect, it } from 'vitest';
import { recordedCamera, recordedH264, recordedTracks, type RecordedKind, type RecordedUnits } from '../../../server/recording/record-tracks.js';
import { RecordingReader } from '../../../server/recording/recording-reader.js';
import { frame } from '../../helpers/frames.js';

const h264 = (cameraId: string, seq: number) =>
  recordedH264(cameraId, { seq, capturedAt: seq, keyframe: seq === 0, width: 320, height: 180 }, Buffer.alloc(10), seq);
const aac = (cameraId: string, seq: number) => ({
  meta: { cameraId, seq, capturedAt: seq, sampleRate: 48_000, channels: 2, config: '1190' },
  frame: Buffer.alloc(4),
});

function rig(records: (cameraId: string) => boolean = () => true) {
  const tracks = recordedTracks();
  const got: Array<[RecordedKind, string, number]> = [];
  const write = <K extends RecordedKind>(kind: K, unit: RecordedUnits[K]) => {
    const seq = kind === 'jpeg' ? (unit as RecordedUnits['jpeg']).seq : (unit as RecordedUnits['h264' | 'sound']).meta.seq;
    got.push([kind, recordedCamera(kind, unit), seq]);
  };
  return { tracks, got, reader: new RecordingReader(tracks, write, records) };
}

describe('RecordingReader', () => {
  describe('#follow', () => {
    it('reads every kind of the cameras it follows through one entry, every unit in order', () => {
      const { tracks, got, reader } = rig();
      reader.follow(['door']);
      for (let i = 0; i < 3; i++) {
        tracks.jpeg.publish(frame(i, 'door'));
        tracks.h264.publish(h264('door', i));
        tracks.sound.publish(aac('door', i));
        tracks.jpeg.publish(frame(i, 'yard'));
      }
      expect(got).toEqual(
        [0, 1, 2].flatMap((i) => [
          ['jpeg', 'door', i],
          ['h264', 'door', i],
          ['sound', 'door', i],
        ]),
      );
      expect(reader.dropped).toEqual({ jpeg: 0, h264: 0, sound: 0 });
    });

    it('stops reading a camera it no longer follows, and all of them once closed', () => {
      const { tracks, got, reader } = rig();
      reader.follow(['door', 'yard']);
      tracks.h264.publish(h264('yard', 0));
      reader.follow(['door']);
      tracks.h264.publish(h264('yard', 1));
      tracks.sound.publish(aac('door', 1));
      reader.close();
      tracks.sound.publish(aac('door', 2));
      expect(got).toEqual([
        ['h264', 'yard', 0],
        ['sound', 'door', 1],
      ]);
    });
  });

  describe('#refresh', () => {
    it('reads only the cameras here that record, and one switched on once told', () => {
      const on = new Set(['door']);
      const { tracks, got, reader } = rig((id) => on.has(id));
      reader.follow(['door', 'yard']);
      tracks.jpeg.publish(frame(0, 'yard'));
      on.add('yard');
      reader.refresh();
      tracks.jpeg.publish(frame(1, 'yard'));
      expect(got).toEqual([['jpeg', 'yard', 1]]);
    });
  });
});
