import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CameraWait, RETRY_SCHEDULE_MS, retryDelay, waitCode, waitingWords } from '../../capture-client/camera-wait.js';
import { CamrelayError } from '../../shared/errors.js';

describe('camera-wait', () => {
  describe('CameraWait', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    /** A camera that fails every try until `backAt` (ms), as runCamera drives it: each failed try asks for the next. */
    function triesUntil(backAt: number): number[] {
      const tries: number[] = [];
      const wait = new CameraWait(() => {
        tries.push(Date.now() - start);
        if (Date.now() - start < backAt) wait.failed();
      });
      const start = Date.now();
      wait.failed();
      vi.advanceTimersByTime(backAt + 10_000);
      return tries;
    }

    it('tries again after 0.5 s, 1 s, 2 s, then every 3 s', () => {
      expect(triesUntil(12_000)).toEqual([500, 1500, 3500, 6500, 9500, 12_500]);
    });

    it('tries within 3 s of a camera coming back at any moment, inside the 5 s the stream must resume in', () => {
      for (let backAt = 0; backAt <= 20_000; backAt += 250) {
        const tries = triesUntil(backAt);
        expect(tries.at(-1)! - backAt, `camera back at ${backAt} ms`).toBeLessThanOrEqual(3000);
      }
    });

    it('starts the schedule over once the camera gave frames', () => {
      const tries: number[] = [];
      const start = Date.now();
      const wait = new CameraWait(() => tries.push(Date.now() - start));
      expect([wait.failed(), (vi.advanceTimersByTime(500), wait.failed())]).toEqual([500, 1000]);
      vi.advanceTimersByTime(1000);
      wait.ok();
      expect(wait.failed()).toBe(500);
    });

    it('runs no try after cancel', () => {
      const retry = vi.fn();
      const wait = new CameraWait(retry);
      wait.failed();
      wait.cancel();
      vi.advanceTimersByTime(60_000);
      expect(retry).not.toHaveBeenCalled();
    });
  });

  describe('#retryDelay', () => {
    it('stays at the last step of the schedule', () => {
      expect([1, 2, 3, 4, 5, 100].map((n) => retryDelay(n))).toEqual([500, 1000, 2000, 3000, 3000, 3000]);
      expect(RETRY_SCHEDULE_MS.at(-1)).toBe(3000);
    });

    it('tries a refused password slowly, up to once a minute, as cameras lock accounts after failed logins', () => {
      expect([1, 2, 3, 4, 50].map((n) => retryDelay(n, 'CAMERA_AUTH'))).toEqual([3000, 10_000, 30_000, 60_000, 60_000]);
      expect(waitingWords('CAMERA_AUTH', undefined, 60_000)).toContain('retrying every 60 s');
      expect(waitingWords('CAMERA_AUTH', undefined, 3000)).toContain('retrying in 3 s');
    });
  });

  describe('#waitCode', () => {
    it('waits for a camera in use, missing, blocked or failing', () => {
      expect(waitCode(new CamrelayError('CAMERA_BUSY', 'x'))).toBe('CAMERA_BUSY');
      expect(waitCode(new CamrelayError('CAMERA_NOT_FOUND', 'x'))).toBe('CAMERA_GONE');
      expect(waitCode(new CamrelayError('CAMERA_DENIED', 'x'))).toBe('CAMERA_DENIED');
      expect(waitCode(new CamrelayError('CAMERA_AUTH', 'x'))).toBe('CAMERA_AUTH');
      expect(waitCode(new CamrelayError('CAMERA_UNREACHABLE', 'x'))).toBe('CAMERA_UNREACHABLE');
      expect(waitCode(new CamrelayError('SOURCE_FAILED', 'x'))).toBe('SOURCE_FAILED');
      expect(waitCode(new Error('spawn EAGAIN'))).toBe('SOURCE_FAILED');
    });

    it('does not wait for a bad setting or a source this machine cannot run', () => {
      expect(waitCode(new CamrelayError('BAD_CONFIG', 'x'))).toBeNull();
      expect(waitCode(new CamrelayError('SOURCE_UNAVAILABLE', 'x'))).toBeNull();
    });
  });

  describe('#waitingWords', () => {
    it('says what the program waits for and how often it tries', () => {
      expect(waitingWords('CAMERA_BUSY', 'Integrated Camera', 3000)).toBe(
        'waiting for camera "Integrated Camera": in use by another app (Teams, Zoom?) — retrying every 3 s',
      );
      expect(waitingWords('CAMERA_GONE', undefined, 500)).toBe('waiting for the camera: not found (unplugged?) — retrying in 0.5 s');
    });
  });
});
