import { describe, expect, it } from 'vitest';
import { SOURCE_MESSAGE_MAX } from '../../shared/protocol.js';
import { validateSourceStatus } from '../../shared/source-status.js';

describe('validateSourceStatus', () => {
  it('takes ok, and waiting with a known code and its message', () => {
    expect(validateSourceStatus({ state: 'ok', extra: 1 })).toEqual({ ok: true, value: { state: 'ok' } });
    expect(validateSourceStatus({ state: 'waiting', error: 'CAMERA_BUSY', message: 'Teams has it', since: 5 })).toEqual({
      ok: true,
      value: { state: 'waiting', error: 'CAMERA_BUSY', message: 'Teams has it' },
    });
  });

  it('cuts a long message to SOURCE_MESSAGE_MAX characters', () => {
    const checked = validateSourceStatus({ state: 'waiting', error: 'CAMERA_GONE', message: 'x'.repeat(10_000) });
    expect(checked.ok && checked.value.state === 'waiting' && checked.value.message.length).toBe(SOURCE_MESSAGE_MAX);
  });

  it.each([
    ['not an object', 'waiting'],
    ['an unknown state', { state: 'gone' }],
    ['a code outside the closed set', { state: 'waiting', error: 'BAD_TOKEN', message: 'x' }],
    ['a message that is not a string', { state: 'waiting', error: 'CAMERA_BUSY', message: { long: true } }],
    ['null', null],
  ])('refuses %s with BAD_REQUEST', (_what, value) => {
    expect(validateSourceStatus(value)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
