import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/load-config.js';
import { CAMERA_DEFAULTS, mergeCamera, MOTION_DEFAULTS, parseRecording, RECORDING_DEFAULTS } from '../../../server/recording/settings.js';

const fails = (argv: string[], env: Record<string, string> = {}) => {
  try {
    loadConfig(argv, env);
  } catch (err) {
    return { code: (err as { code: string }).code, message: (err as Error).message };
  }
  return null;
};

describe('parseRecording', () => {
  it('fills what is not given from the defaults and keeps each camera’s own', () => {
    const parsed = parseRecording(JSON.stringify({ segmentSeconds: 30, defaults: { fps: 5 }, cameras: { door: { mode: 'continuous' } } }));
    expect(parsed).toEqual({
      ok: true,
      value: { ...RECORDING_DEFAULTS, segmentSeconds: 30, defaults: { ...CAMERA_DEFAULTS, fps: 5 }, cameras: { door: { mode: 'continuous' } } },
    });
  });

  it('names the path of a bad value', () => {
    const error = (v: unknown) => {
      const r = parseRecording(JSON.stringify(v));
      return r.ok ? null : r.error;
    };
    expect(error({ cameras: { door: { mode: 'always' } } })).toBe('recording.cameras.door.mode must be one of off, continuous, motion');
    expect(error({ cameras: { door: { fps: 0 } } })).toBe('recording.cameras.door.fps must be a number from 0.1 to 60');
    expect(error({ cameras: { '../etc': {} } })).toBe('recording.cameras: "../etc" is not a camera id');
    expect(error({ defaults: { preRollSeconds: 120 } })).toBe('recording.defaults.preRollSeconds must be a number from 0 to 30');
    expect(error({ segmentSeconds: 1 })).toBe('recording.segmentSeconds must be a number from 2 to 3600');
    expect(error({ cameras: { door: { colour: 'red' } } })).toContain('recording.cameras.door.colour is not a recording setting');
    expect(error({ speed: 1 })).toContain('recording.speed is not a recording setting');
    expect(error([])).toBe('recording must be a JSON object');
    expect(error({ preRollMb: 0 })).toBe('recording.preRollMb must be a number from 1 to 4096');
    // The memory caps are the relay's own: neither a camera's settings nor an admin's PUT raises them.
    expect(error({ cameras: { door: { queueMb: 4096 } } })).toContain('recording.cameras.door.queueMb is not a recording setting');
  });

  it('checks motion settings and masks, naming the bad one', () => {
    const error = (motion: unknown) => {
      const r = parseRecording(JSON.stringify({ cameras: { door: { motion } } }));
      return r.ok ? null : r.error;
    };
    expect(error({ threshold: 30, minAreaPercent: 0.5, fps: 2, enabled: false, masks: [{ x: 0, y: 0, w: 0.5, h: 0.25 }] })).toBeNull();
    expect(error({ threshold: 0 })).toBe('recording.cameras.door.motion.threshold must be a number from 1 to 255');
    expect(error({ enabled: 'yes' })).toBe('recording.cameras.door.motion.enabled must be true or false');
    expect(error({ masks: [{ x: 0.8, y: 0, w: 0.5, h: 0.1 }] })).toBe('recording.cameras.door.motion.masks[0] must have a size and lie inside the picture');
    expect(error({ masks: [{ x: -1, y: 0, w: 0.5, h: 0.1 }] })).toBe('recording.cameras.door.motion.masks[0].x must be a fraction from 0 to 1');
    expect(error({ masks: Array.from({ length: 17 }, () => ({ x: 0, y: 0, w: 0.1, h: 0.1 })) })).toBe(
      'recording.cameras.door.motion.masks must be a list of at most 16 rectangles',
    );
    expect(error({ sensitivity: 3 })).toContain('recording.cameras.door.motion.sensitivity is not a motion setting');
  });

  it('merges motion key by key, so changing the threshold keeps the masks', () => {
    const masks = [{ x: 0, y: 0, w: 0.5, h: 0.5 }];
    const merged = mergeCamera(CAMERA_DEFAULTS, { motion: { masks } }, { mode: 'motion', motion: { threshold: 40 } });
    expect(merged.mode).toBe('motion');
    expect(merged.motion).toEqual({ ...MOTION_DEFAULTS, masks, threshold: 40 });
  });
});

describe('loadConfig: recording', () => {
  it('reads the recording object from the config file, and a bad one stops the start with BAD_CONFIG naming it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-conf-'));
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ recording: { cameras: { door: { mode: 'motion', format: 'jpeg' } } } }));
    expect(loadConfig(['--config', good], {}).config.recording.cameras).toEqual({ door: { mode: 'motion', format: 'jpeg' } });
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ recording: { cameras: { door: { format: 'avi' } } } }));
    const refused = fails(['--config', bad])!;
    expect(refused.code).toBe('BAD_CONFIG');
    expect(refused.message.startsWith(`${bad}: recording=`)).toBe(true);
    expect(refused.message.endsWith('is not valid: recording.cameras.door.format must be one of h264, jpeg.')).toBe(true);
  });

  it('reads CAMRELAY_RECORDING as JSON', () => {
    expect(loadConfig([], { CAMRELAY_RECORDING: '{"minFreeMb":10}' }).config.recording.minFreeMb).toBe(10);
    expect(fails([], { CAMRELAY_RECORDING: '{nope' })!.message).toMatch(/^CAMRELAY_RECORDING="\{nope" is not valid: it is not JSON/);
  });
});
