/** The detection module's setting: how many detection workers, read and bounded at start. */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/load-config.js';

const fails = (argv: string[], env: Record<string, string> = {}) => {
  try {
    loadConfig(argv, env);
  } catch (err) {
    return { code: (err as { code: string }).code, message: (err as Error).message };
  }
  return null;
};

describe('detectionSettings', () => {
  it('runs one worker by default, and takes CAMRELAY_DETECT_WORKERS and --detect-workers up to the machine’s cores', () => {
    const cores = availableParallelism();
    expect(loadConfig([], {}).config.detectWorkers).toBe(1);
    expect(loadConfig([], { CAMRELAY_DETECT_WORKERS: String(cores) }).config.detectWorkers).toBe(cores);
    expect(loadConfig(['--detect-workers', '1'], { CAMRELAY_DETECT_WORKERS: String(cores) }).config.detectWorkers).toBe(1);
  });

  it('refuses 0, more than the machine’s cores and a fraction with one line naming the setting', () => {
    const cores = availableParallelism();
    expect(fails([], { CAMRELAY_DETECT_WORKERS: '0' })).toEqual({
      code: 'BAD_CONFIG',
      message: 'CAMRELAY_DETECT_WORKERS="0" is not valid: the minimum is 1.',
    });
    expect(fails(['--detect-workers', String(cores + 1)])).toEqual({
      code: 'BAD_CONFIG',
      message: `detectWorkers: The number of detection workers must be a whole number from 1 to ${cores} (this machine's cores), not ${cores + 1}.`,
    });
    expect(fails([], { CAMRELAY_DETECT_WORKERS: '1.5' })!.message).toBe('CAMRELAY_DETECT_WORKERS="1.5" is not valid: it must be a whole number.');
  });
});
