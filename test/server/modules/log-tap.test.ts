import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LogRing } from '../../../server/log-ring/log-ring.js';
import { LogTap, withLogTap } from '../../../server/modules/log-tap.js';

describe('withLogTap', () => {
  it('tells the warnings and errors of the logger and its children even when the logger is silent, and nothing below', () => {
    const ring = new LogRing();
    const tap = new LogTap();
    tap.on((level, module, args) => ring.record(level, module, args));
    const log = withLogTap(pino({ level: 'silent' }), tap);
    log.info('started');
    log.warn({ code: 'BAD_TOKEN', address: '10.0.0.2' }, 'capture refused');
    log.child({ name: 'camrelay:recording' }).error({ camera: 'door' }, 'recording problem');
    expect(ring.entries().map((e) => [e.level, e.code, e.module, e.detail])).toEqual([
      ['warn', 'BAD_TOKEN', null, 'address=10.0.0.2'],
      ['error', 'RECORDING_PROBLEM', 'camrelay:recording', 'camera=door'],
    ]);
    expect(log.level).toBe('silent');
  });
});
