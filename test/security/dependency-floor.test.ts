import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Each floor fixes a published crash or memory advisory (see docs/security.md). */
const FLOORS: Record<string, string> = {
  ws: '8.21.0',
  'engine.io': '6.6.7',
  'socket.io-parser': '4.2.7',
};

/** Compares x.y.z versions (a pre-release counts as below its release); negative when a < b. */
function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split('-', 2);
    return { nums: core!.split('.').map(Number), pre: pre !== undefined };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  return Number(y.pre) - Number(x.pre);
}

describe('dependency floor', () => {
  it('compares versions numerically, not as text', () => {
    expect(compareVersions('8.21.0', '8.3.0')).toBeGreaterThan(0);
    expect(compareVersions('6.6.7', '6.6.7')).toBe(0);
    expect(compareVersions('4.2.6', '4.2.7')).toBeLessThan(0);
    expect(compareVersions('6.6.7-alpha.1', '6.6.7')).toBeLessThan(0);
    expect(compareVersions('10.0.0', '9.99.99')).toBeGreaterThan(0);
  });

  it('resolves every copy of ws, engine.io and socket.io-parser in the lockfile at or above its floor', () => {
    const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { version?: string }> };
    for (const [name, floor] of Object.entries(FLOORS)) {
      const copies = Object.entries(lock.packages).filter(([key]) => key === `node_modules/${name}` || key.endsWith(`/node_modules/${name}`));
      expect(copies.length, `${name} in package-lock.json`).toBeGreaterThan(0);
      for (const [key, entry] of copies) {
        expect(entry.version, `${key} has a version`).toMatch(/^\d+\.\d+\.\d+/);
        expect(compareVersions(entry.version!, floor), `${key}@${entry.version} is below the floor ${floor}`).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
