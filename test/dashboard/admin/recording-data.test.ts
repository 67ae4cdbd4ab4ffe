import { describe, expect, it } from 'vitest';
import { changeOf, describeStatus, fieldOf, formatBytes, parseStatus, refusalText, type FormValues } from '../../../dashboard/src/admin/recording-data.js';

const apiStatus = {
  camera: 'door',
  settings: {
    mode: 'continuous',
    format: 'h264',
    fps: 15,
    retentionDays: 7,
    quotaMb: 0,
    preRollSeconds: 5,
    postRollSeconds: 10,
    motion: { enabled: true, fps: 5, threshold: 25, minAreaPercent: 1, masks: [{ x: 0.1, y: 0.2, w: 0.3, h: 0.4 }] },
  },
  state: 'recording',
  frames: { kept: 1234, skipped: 9 },
  dropped: { queue_full: 2, disk_full: 1, error: 0 },
  bytes: 2_500_000_000,
  error: null,
  diskFull: false,
};
const status = parseStatus(apiStatus)!;

const values = (over: Partial<FormValues> = {}): FormValues => ({
  mode: 'continuous',
  format: 'h264',
  fps: '15',
  retentionDays: '7',
  quotaMb: '0',
  preRollSeconds: '5',
  postRollSeconds: '10',
  motionEnabled: true,
  motionFps: '5',
  threshold: '25',
  minAreaPercent: '1',
  masks: [{ x: 0.1, y: 0.2, w: 0.3, h: 0.4 }],
  ...over,
});

describe('parseStatus', () => {
  it('reads the API status, summing drops of every reason', () => {
    expect(status).toMatchObject({ camera: 'door', state: 'recording', kept: 1234, dropped: 3, bytes: 2_500_000_000, diskFull: false });
    expect(status.settings.motion.masks).toEqual([{ x: 0.1, y: 0.2, w: 0.3, h: 0.4 }]);
  });

  it('is null for what is not a status', () => {
    expect(parseStatus({ error: 'UNKNOWN_CAMERA' })).toBeNull();
    expect(parseStatus(null)).toBeNull();
  });
});

describe('describeStatus', () => {
  it('says what the recorder does in words, with the frames kept and dropped', () => {
    expect(describeStatus(status)).toEqual({
      text: 'Recording · 1,234 frames kept, 3 dropped (2 the disk or encoder fell behind, 1 disk full)',
      tone: 'ok',
      fix: null,
    });
    expect(describeStatus({ ...status, dropped: 0 }).text).toBe('Recording · 1,234 frames kept');
    expect(describeStatus({ ...status, state: 'waiting' }).text).toBe('Waiting for the camera');
    expect(describeStatus({ ...status, state: 'waiting', settings: { ...status.settings, mode: 'motion' } }).text).toBe(
      'Watching for motion · 1,234 frames kept, 3 dropped (2 the disk or encoder fell behind, 1 disk full)',
    );
    expect(describeStatus({ ...status, state: 'off' }).text).toBe('Not recording (off)');
  });

  it('says when the motion pre-roll was cut short by a memory cap, and what to do', () => {
    const motion = { ...status, state: 'waiting' as const, settings: { ...status.settings, mode: 'motion' as const } };
    const cut = parseStatus({ ...apiStatus, preRoll: { bytes: 33_000_000, short: { seconds: 1.2, cap: 'camera', capMb: 32 } } })!;
    const own = describeStatus({ ...motion, preRollShort: cut.preRollShort });
    expect(own.text).toBe(
      'Watching for motion · 1,234 frames kept, 3 dropped (2 the disk or encoder fell behind, 1 disk full) · pre-roll cut to 1.2 s: frames too large for the 32 MB cap',
    );
    expect(own.fix).toContain('recording.preRollMb');
    const all = describeStatus({ ...motion, preRollShort: { seconds: 0, cap: 'all', capMb: 256 } });
    expect(all.text).toContain('pre-roll cut to 0 s: the 256 MB cap over all cameras is full');
    expect(describeStatus(motion).fix).toBeNull();
  });

  it('says a full disk stops recording but not live view, and what to do', () => {
    const full = describeStatus({ ...status, state: 'disk-full' });
    expect(full.text).toBe('Disk full: recording stopped, live view unaffected');
    expect(full.fix).toMatch(/Free space .* or lower the retention days or quota/);
  });

  it("gives an error's message", () => {
    expect(describeStatus({ ...status, state: 'error', error: 'ffmpeg exited with code 1' }).text).toBe('Error: ffmpeg exited with code 1');
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect([formatBytes(500), formatBytes(12_300), formatBytes(340_000_000), formatBytes(2_500_000), formatBytes(2_500_000_000), formatBytes(25e9)]).toEqual([
      '500 B',
      '12 KB',
      '340 MB',
      '2.5 MB',
      '2.5 GB',
      '25 GB',
    ]);
  });
});

describe('changeOf', () => {
  it('is empty when nothing changed', () => {
    expect(changeOf(status.settings, values())).toEqual({});
  });

  it('holds only the keys that changed, motion ones under motion', () => {
    expect(changeOf(status.settings, values({ mode: 'motion', fps: '4', threshold: '30', masks: [] }))).toEqual({
      mode: 'motion',
      fps: 4,
      motion: { threshold: 30, masks: [] },
    });
  });

  it('sends a blank or non-numeric field as null, so the refusal names it', () => {
    expect(changeOf(status.settings, values({ retentionDays: '', quotaMb: 'lots' }))).toEqual({ retentionDays: null, quotaMb: null });
  });
});

describe('fieldOf and refusalText', () => {
  const refusal = { error: 'BAD_RECORDING_SETTINGS', message: 'The recording settings are not valid: body.motion.threshold must be a number from 1 to 255.' };

  it('finds the field a refusal names', () => {
    expect(fieldOf(refusal.message)).toBe('motion.threshold');
    expect(fieldOf('The recording settings are not valid: body.fps must be a number from 0.1 to 60.')).toBe('fps');
    expect(fieldOf('Wrong user name or password.')).toBeNull();
  });

  it('names the field by its label and says what to do', () => {
    expect(refusalText(refusal, 400)).toBe(
      'The recording settings are not valid: "Threshold" must be a number from 1 to 255. Correct the marked field and save again.',
    );
    expect(refusalText({ error: 'FORBIDDEN', message: 'This account may not do that.' }, 403)).toBe(
      'This account may not do that. Only an admin may change recording: sign in as one.',
    );
    expect(refusalText({ error: 'NETWORK', message: 'Could not reach the server.' }, 0)).toMatch(/Nothing was saved/);
  });
});
