import { describe, expect, it } from 'vitest';
import { validateDiscoveryRequest } from '../../../common/onvif/discovery-request.js';

describe('validateDiscoveryRequest', () => {
  it('takes probes as IPv4 addresses with an optional port, 3702 when none is given', () => {
    expect(validateDiscoveryRequest({ user: 'admin', password: 'pw', probes: ['192.168.1.20', '10.0.0.5:8000'] })).toEqual({
      ok: true,
      value: {
        user: 'admin',
        password: 'pw',
        probes: [
          { host: '192.168.1.20', port: 3702 },
          { host: '10.0.0.5', port: 8000 },
        ],
      },
    });
    expect(validateDiscoveryRequest({})).toEqual({ ok: true, value: { probes: [] } });
  });

  it('drops a password given without a user name, as the profile query would ignore it', () => {
    expect(validateDiscoveryRequest({ user: '', password: 'pw' })).toEqual({ ok: true, value: { probes: [] } });
  });

  it('refuses host names, bad ports, too many probes, long strings and unknown fields', () => {
    for (const body of [
      null,
      [],
      'x',
      { probes: ['camera.local'] },
      { probes: ['10.0.0.1:0'] },
      { probes: ['10.0.0.1:70000'] },
      { probes: ['10.0.0.1:80:1'] },
      { probes: '10.0.0.1' },
      { probes: [{ host: '10.0.0.1' }] },
      { probes: Array(17).fill('10.0.0.1') },
      { user: 'u'.repeat(257) },
      { user: 'u', password: 7 },
      { user: 'u', other: true },
    ]) {
      const result = validateDiscoveryRequest(body);
      expect(result.ok ? 'ok' : result.error.code, JSON.stringify(body)).toBe('BAD_DISCOVERY');
    }
  });
});
