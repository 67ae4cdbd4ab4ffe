import { describe, expect, it } from 'vitest';
import { REMEMBER_MAX, REMEMBER_MS, StepDownMemory, type RememberedStep } from '../../../server/relay/step-down-memory.js';
import { H264StepDown, STEP_UP_QUIET_MS } from '../../../server/relay/h264-step-down.js';
import { pageIdOf } from '../../../shared/live-video.js';

const yard: RememberedStep = { asked: 'null false', steps: 1, quietMs: STEP_UP_QUIET_MS };
const cams = (step = yard) => new Map([['yard', step]]);

describe('StepDownMemory', () => {
  it('gives a page back what it left, once, within a minute', () => {
    let now = 0;
    const m = new StepDownMemory(() => now);
    m.keep('admin\npage-a', cams());
    now += REMEMBER_MS - 1;
    expect(m.take('admin\npage-a')).toEqual(cams());
    expect(m.take('admin\npage-a')).toBeUndefined();
    m.keep('admin\npage-a', cams());
    now += REMEMBER_MS;
    expect(m.take('admin\npage-a')).toBeUndefined();
  });

  it('keeps nothing for a page that stepped nothing down, and forgets its older standing', () => {
    const m = new StepDownMemory(() => 0);
    m.keep('admin\npage-a', cams());
    m.keep('admin\npage-a', new Map());
    expect(m.take('admin\npage-a')).toBeUndefined();
  });

  it(`holds at most ${REMEMBER_MAX} pages, the oldest going first`, () => {
    const m = new StepDownMemory(() => 0);
    for (let i = 0; i <= REMEMBER_MAX; i++) m.keep(`admin\npage-${i}`, cams());
    expect(m.take('admin\npage-0')).toBeUndefined();
    expect(m.take('admin\npage-1')).toEqual(cams());
    expect(m.take(`admin\npage-${REMEMBER_MAX}`)).toEqual(cams());
  });
});

describe('H264StepDown.restore', () => {
  it('starts where the page was, holding as after a change (skips in the next 4 s do not count), and says where it stands', () => {
    let now = 1000;
    const s = new H264StepDown(() => now);
    s.restore('yard', 2, 60_000);
    expect(s.steps('yard')).toBe(2);
    expect(s.standing('yard')).toEqual({ steps: 2, quietMs: 60_000 });
    expect([s.skipped('yard'), s.skipped('yard')]).toEqual([false, false]);
    now += 60_000;
    expect(s.stepUp('yard')).toBe(60_000);
    expect(s.standing('yard')).toEqual({ steps: 1, quietMs: 60_000 });
  });
});

describe('pageIdOf', () => {
  it('takes 16 to 64 base64url characters, and nothing else', () => {
    expect(['a'.repeat(16), 'Ab_-'.repeat(16), 'a'.repeat(15), 'a'.repeat(65), 'a b'.repeat(8), 42, null].map((page) => pageIdOf({ page }))).toEqual([
      'a'.repeat(16),
      'Ab_-'.repeat(16),
      null,
      null,
      null,
      null,
      null,
    ]);
    expect([pageIdOf(undefined), pageIdOf(null), pageIdOf('page')]).toEqual([null, null, null]);
  });
});
