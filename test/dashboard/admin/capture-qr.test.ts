import { describe, expect, it } from 'vitest';
import { needsHttps, phoneAdvice } from '../../../dashboard/src/admin/capture-qr.js';

describe('needsHttps', () => {
  it('is true for a plain-HTTP address a phone would open, false for HTTPS and this machine', () => {
    expect(needsHttps('http://192.168.1.10:3000')).toBe(true);
    expect(needsHttps('https://cams.example')).toBe(false);
    expect(needsHttps('http://localhost:3000')).toBe(false);
    expect(needsHttps('http://127.0.0.1:3000')).toBe(false);
  });
});

describe('phoneAdvice', () => {
  it('says a link on this machine cannot reach a phone, and that its camera needs HTTPS, and how (#37)', () => {
    const local = phoneAdvice('http://localhost:3000')!;
    expect(local.testId).toBe('capture-qr-local');
    expect(local.text).toMatch(/a phone cannot reach it/);
    expect(local.text).toMatch(/only over HTTPS: serve the relay over HTTPS \(CAMRELAY_TLS_CERT/);
    expect(phoneAdvice('http://192.168.1.10:3000')!.text).toMatch(
      /^http:\/\/192\.168\.1\.10:3000 is plain HTTP\. A phone gives a page its camera only over HTTPS/,
    );
    expect(phoneAdvice('https://192.168.1.10:3000')).toBeNull();
  });
});
