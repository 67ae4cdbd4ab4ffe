import { describe, expect, it } from 'vitest';
import type { EventLog } from '../../../../server/events/event-log.js';
import { MOTION_WIDTH, MotionDetection } from '../../../../server/recording/motion/motion-detection.js';
import type { GreyPicture } from '../../../../server/recording/motion/grey-picture.js';
import { CAMERA_DEFAULTS, type CameraRecording } from '../../../../server/recording/settings.js';
import { frameAt } from '../fakes.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const DETECTING: CameraRecording = { ...CAMERA_DEFAULTS, mode: 'motion' };
const OFF: CameraRecording = { ...CAMERA_DEFAULTS, mode: 'off' };

describe('MotionDetection', () => {
  function detection() {
    const asked: Array<[string, number | null]> = [];
    const events = { signal: () => {}, reading: () => {} } as unknown as EventLog;
    const decode = (): Promise<GreyPicture> => Promise.resolve({ data: new Uint8Array(16), width: 4, height: 4 });
    const d = new MotionDetection({ events, onSignal: () => {}, onError: () => {}, decode, wantsSmall: (camera, width) => asked.push([camera, width]) });
    return { d, asked };
  }

  describe('#offer', () => {
    it('asks the camera side for a small picture once a camera detects', () => {
      const { d, asked } = detection();
      d.offer(frameAt(T0, 0), DETECTING);
      d.offer(frameAt(T0 + 100, 1), DETECTING);
      expect(asked).toEqual([['cam', MOTION_WIDTH]]);
    });

    it('asks nothing for a camera that does not detect', () => {
      const { d, asked } = detection();
      d.offer(frameAt(T0, 0), OFF);
      expect(asked).toEqual([]);
    });
  });

  describe('#configure', () => {
    it('stops asking for the small picture when the camera stops detecting', () => {
      const { d, asked } = detection();
      d.offer(frameAt(T0, 0), DETECTING);
      d.configure('cam', OFF);
      expect(asked).toEqual([
        ['cam', MOTION_WIDTH],
        ['cam', null],
      ]);
    });
  });
});
