import { describe, expect, it } from 'vitest';
import { needsHttps } from '../../../dashboard/src/admin/capture-qr.js';

describe('needsHttps', () => {
  it('is true for a plain-HTTP address a phone would open, false for HTTPS and this machine', () => {
    expect(needsHttps('http://192.168.1.10:3000')).toBe(true);
    expect(needsHttps('https://cams.example')).toBe(false);
    expect(needsHttps('http://localhost:3000')).toBe(false);
    expect(needsHttps('http://127.0.0.1:3000')).toBe(false);
  });
});
