/** docs/security.md's H.264 section, as printed: the command it measures with names a test of the suite, and the limits it states are the code's. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCESS_UNIT_MAX, ANNEXB_LIMITS } from '../../common/codec/annexb.js';

const doc = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
const section = doc.split('### H.264 from a capture token\n')[1]!.split('\n### ')[0]!;

describe("docs/security.md's H.264 section, as printed", () => {
  it('measures with a command that runs a test file of the suite', () => {
    const file = /`npx vitest run (test\/security\/[a-z0-9-]+\.test\.ts)`/.exec(section)?.[1];
    expect(file).toBe('test/security/h264-barrage.test.ts');
    expect(existsSync(new URL(`../../${file}`, import.meta.url))).toBe(true);
  });

  it('states the bounds the codec enforces', () => {
    expect(ACCESS_UNIT_MAX).toBe(2 * 1024 * 1024);
    const words = section.replace(/\s+/g, ' ');
    expect(words).toContain('at most 2 MiB');
    expect(words).toContain(`at most ${ANNEXB_LIMITS.units} NAL units`);
    expect(words).toContain(`at most ${ANNEXB_LIMITS.paramSetBytes / 1024} KiB and at most ${ANNEXB_LIMITS.paramSets} of them`);
  });
});
