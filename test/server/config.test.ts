import { describe, expect, it } from 'vitest';
import { DEFAULTS, loadConfig } from '../../server/config.js';

const fails = (argv: string[], env: Record<string, string> = {}) => {
  try {
    loadConfig(argv, env);
  } catch (err) {
    return { code: (err as { code: string }).code, message: (err as Error).message };
  }
  return null;
};

describe('loadConfig', () => {
  it('starts from the defaults, then env, then flags', () => {
    expect(loadConfig([], {}).config).toEqual(DEFAULTS);
    const { config } = loadConfig(['--port', '4000'], { PORT: '3500', CAMRELAY_OFFLINE_AFTER_MS: '7000', CAMRELAY_DEMO: 'true' });
    expect(config).toMatchObject({ port: 4000, offlineAfterMs: 7000, demo: true });
  });

  it('names the variable and the problem in one line for a bad value', () => {
    expect(fails([], { PORT: 'abc' })).toEqual({ code: 'BAD_CONFIG', message: 'PORT="abc" is not valid: it must be a whole number.' });
    expect(fails(['--port', '70000'])!.message).toBe('--port="70000" is not valid: a port is 0-65535.');
    expect(fails([], { CAMRELAY_MAX_FRAME_BYTES: '10' })!.message).toContain('the minimum is 1024');
    expect(fails([], { CAMRELAY_LOG_LEVEL: 'loud' })!.message).toContain('CAMRELAY_LOG_LEVEL');
    expect(fails(['--bogus'])!.code).toBe('BAD_CONFIG');
  });

  it('recognises --help and --version', () => {
    expect(loadConfig(['--help'], {}).help).toBe(true);
    expect(loadConfig(['--version'], {}).version).toBe(true);
  });
});

describe('docs/configuration.md', () => {
  it('documents every setting by its flag and variable', async () => {
    const { readFile } = await import('node:fs/promises');
    const { SETTINGS } = await import('../../server/config.js');
    const doc = await readFile(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    for (const s of SETTINGS) expect(doc, s.env).toContain(`| \`--${s.flag}\` | \`${s.env}\` |`);
  });
});
