import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs `npm start`'s entry point as a real process and collects what it prints. */
function runServer(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('server/main', () => {
  it('exits with code 2 and one line naming the variable when a setting is bad', async () => {
    const { code, stderr } = await runServer([], { PORT: 'abc' });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual(['camrelay: PORT="abc" is not valid: it must be a whole number.']);
  });

  it('prints its settings for --help and exits 0', async () => {
    const { code, stdout } = await runServer(['--help'], {});
    expect(code).toBe(0);
    expect(stdout).toContain('CAMRELAY_CAPTURE_TOKEN');
  });
});
