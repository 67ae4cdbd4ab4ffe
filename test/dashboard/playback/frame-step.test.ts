/**
 * The frame stepper's state machine against a stand-in `<video>` (the fake is the point: which frame a
 * seek lands in, and when its callback comes, are chosen here). The real thing runs in Chromium in
 * test/e2e/playback.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameStepper, type StepHost } from '../../../dashboard/src/playback/frame-step.js';
import { seg } from './segment.js';

/** Frames 100 ms apart, except the one at 0.3 s, which lasts 400 ms (a camera that paused). */
const FRAMES = [0, 0.1, 0.2, 0.3, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3];
const SEGMENT = seg(0, 1400, FRAMES.length);
/** The frame shown at media time t: the last one at or before it. */
const frameAt = (t: number) => FRAMES.filter((f) => f <= t + 1e-9).at(-1)!;

function scene() {
  let presented: number | null = null;
  const video = { currentTime: 0, paused: true, pause() {}, requestVideoFrameCallback() {} } as unknown as HTMLVideoElement;
  const host: StepHost = {
    video,
    segment: () => SEGMENT,
    segments: () => [SEGMENT],
    capFps: () => 10,
    presented: () => presented,
    forgetPresented: () => void (presented = null),
    load: () => {},
  };
  const stepper = new FrameStepper(host);
  /** The browser presents the frame at currentTime (its callback), as the player's watchFrames does. */
  const present = () => {
    presented = frameAt(video.currentTime);
    stepper.framePresented(presented);
  };
  return { video, stepper, present, shown: () => frameAt(video.currentTime) };
}

describe('FrameStepper', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('steps one frame on and back from a known frame', () => {
    const s = scene();
    s.video.currentTime = 0.15;
    s.present();
    s.stepper.step(1);
    s.present();
    expect(s.shown()).toBe(0.2);
    s.stepper.step(-1);
    s.present();
    expect(s.shown()).toBe(0.1);
  });

  it('seeks on past a long frame, and a step back after it lands in that long frame, before the next frame has been reported', () => {
    const s = scene();
    s.video.currentTime = 0.35;
    s.present();
    expect(s.shown()).toBe(0.3);
    // On: the seek lands inside the long frame (Chromium presents it again after the seek: same media time), so the
    // stepper seeks on after each seek ends until the next frame shows.
    s.stepper.step(1);
    for (let i = 0; i < 6 && s.shown() === 0.3; i++) {
      s.present();
      s.stepper.seeked();
      vi.advanceTimersByTime(300);
    }
    expect(s.shown()).toBe(0.7);
    // Back, on a loaded page whose frame callback for 0.7 has not come yet (the picture shows it already):
    // the step must start from where the video is, not from the long frame reported before.
    s.stepper.step(-1);
    vi.advanceTimersByTime(300);
    expect(s.shown()).toBe(0.3);
  });
});
