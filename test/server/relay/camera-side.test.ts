/**
 * CameraSide's demand as its tracks' readers make it (#56 item 1): the recorder reads a camera's `h264` and `sound`
 * tracks as a viewer and a listener do, and asks for what recording needs, not for what a listener needs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureDemand } from '../../../shared/demand.js';
import { CameraSide } from '../../../server/relay/camera-side.js';
import type { FanOut } from '../../../server/relay/fan-out.js';
import type { AacUnit } from '../../../server/tracks/audio-lane.js';
import type { H264Unit } from '../../../server/tracks/h264-lane.js';
import type { LaneSink } from '../../../server/tracks/lane.js';
import type { TrackReader } from '../../../server/tracks/track.js';
import { recordPolicy } from '../../../server/recording/record-lane.js';

const recorder = { wants: () => true, paused: false, records: true } as const;
const listener: TrackReader = { wants: () => true, paused: false };
const drop = { write: (_u: unknown, done: () => void) => done() };

describe('CameraSide', () => {
  let side: CameraSide;
  let told: CaptureDemand | null;

  beforeEach(() => {
    // A client that offers H.264 alone: its demand never asks the fan-out for widths.
    side = new CameraSide({ fan: () => ({}) as FanOut, latest: () => undefined, limits: {} as never, now: Date.now });
    side.sound.setPolicy(() => true);
    told = null;
    side.demand.open('door', ['h264'], (d) => (told = d));
  });
  afterEach(() => side.close());

  const record = (ids: string[]) => {
    side.live.trackOf(null).subscribe(recorder, ids, drop as LaneSink<H264Unit>, {}, recordPolicy<H264Unit>({ sizeOf: (u) => u.au.length }));
    side.sound.subscribe(recorder, ids, drop as LaneSink<AacUnit>, {}, recordPolicy<AacUnit>({ sizeOf: (u) => u.frame.length }));
  };
  const now = () => (side.demand.refresh(), [told?.h264, told?.h264Live, told?.audio]);

  describe('#sound', () => {
    it("asks for the camera's H.264 and sound with no live hurry while the recorder reads them, as a listener would not", () => {
      record(['door']);
      expect(now()).toEqual([true, false, true]);
      side.sound.subscribe(listener, ['door'], drop as LaneSink<AacUnit>);
      expect(now()).toEqual([true, true, true]);
      side.sound.unsubscribe(listener);
      expect(now()).toEqual([true, false, true]);
      record([]);
      expect(now()[0]).toBe(false);
    });

    it('still asks live for a listener that came before the recorder, until that listener leaves', () => {
      side.sound.subscribe(listener, ['door'], drop as LaneSink<AacUnit>);
      record(['door']);
      expect(now()).toEqual([true, true, true]);
      side.sound.unsubscribe(listener);
      expect(now()).toEqual([true, false, true]);
    });
  });
});
