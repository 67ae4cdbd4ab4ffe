import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, loadConfig, SETTINGS } from '../../server/load-config.js';

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

  it('reads CAMRELAY_MODULES_OFF=recording,detection,offsite as docs/recording.md prints it, and refuses a name no line has or a need left behind', () => {
    expect(loadConfig([], { CAMRELAY_MODULES_OFF: 'recording,detection,offsite' }).config.modulesOff).toEqual(['recording', 'detection', 'offsite']);
    expect(fails([], { CAMRELAY_MODULES_OFF: 'recordings' })!.message).toMatch(
      /^CAMRELAY_MODULES_OFF names "recordings", which is not a module: use some of log-ring, /,
    );
    expect(fails(['--modules-off', 'recording'])).toEqual({
      code: 'BAD_CONFIG',
      message: 'CAMRELAY_MODULES_OFF switches "recording" off, which "detection" needs: switch "detection" off too.',
    });
    expect(fails([], { CAMRELAY_MODULES_OFF: 'Recording!' })!.message).toBe(
      'CAMRELAY_MODULES_OFF="Recording!" is not valid: it must be module names, comma-separated (recording,offsite).',
    );
  });

  it('recognises --help and --version', () => {
    expect(loadConfig(['--help'], {}).help).toBe(true);
    expect(loadConfig(['--version'], {}).version).toBe(true);
  });
});

describe('docs/configuration.md', () => {
  it('documents every setting by its flag and variable', async () => {
    const doc = await readFile(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    for (const s of SETTINGS) expect(doc, s.env).toContain(`| \`--${s.flag}\` | \`${s.env}\` |`);
  });
});

describe('loadConfig with a config file', () => {
  it('reads a JSON file under env and flags, and names the file and key of a bad value', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-conf-'));
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ port: 8080, offlineAfterMs: 3000, demo: true }));
    expect(loadConfig(['--config', good], {}).config).toMatchObject({ port: 8080, offlineAfterMs: 3000, demo: true });
    expect(loadConfig(['--config', good, '--port', '9000'], { CAMRELAY_OFFLINE_AFTER_MS: '4000' }).config).toMatchObject({ port: 9000, offlineAfterMs: 4000 });
    expect(loadConfig([], { CAMRELAY_CONFIG: good }).config.port).toBe(8080);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ port: 'abc' }));
    expect(fails(['--config', bad])!.message).toBe(`${bad}: port="abc" is not valid: it must be a whole number.`);
    writeFileSync(bad, JSON.stringify({ prot: 1 }));
    expect(fails(['--config', bad])!.message).toContain('unknown setting "prot"');
    writeFileSync(bad, '{ not json');
    expect(fails(['--config', bad])!.code).toBe('BAD_CONFIG');
    expect(fails(['--config', path.join(dir, 'missing.json')])!.message).toContain('does not exist');
  });
});
