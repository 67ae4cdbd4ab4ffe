import { describe, expect, it } from 'vitest';
import { FINAL_REFUSALS, isFinalRefusal, serverRefusal } from '../../../common/capture/refusals.js';
import { AUTH_REFUSAL_CODES } from '../../../shared/errors.js';

describe('FINAL_REFUSALS', () => {
  it('holds every credential refusal, a bad camera id or name, a full relay and a takeover, and no network failure', () => {
    for (const code of [...AUTH_REFUSAL_CODES, 'BAD_CAMERA_ID', 'BAD_NAME', 'TOO_MANY_CAMERAS', 'TAKEN_OVER']) expect(isFinalRefusal(code)).toBe(true);
    for (const code of ['TIMEOUT', 'NETWORK', 'STALE_FRAME', 'NOT_JPEG', 'SOMETHING_NEW', undefined]) expect(isFinalRefusal(code)).toBe(false);
  });

  it('has words of its own, and a fix, for every final refusal', () => {
    for (const code of FINAL_REFUSALS) {
      const r = serverRefusal(code, 'the relay message', 'porch');
      expect(r.title).not.toBe('the relay message');
      expect(r.fix).not.toMatch(/^Press Start to try again\.$/);
    }
  });
});

describe('serverRefusal', () => {
  it('says what to do for every refusal of a camera credential, none of which a retry fixes but a wait', () => {
    for (const code of AUTH_REFUSAL_CODES) {
      const r = serverRefusal(code, 'Too many attempts from this address; try again in 30 s.', 'front-door');
      expect(r.code).toBe(code);
      expect(r.fix.length).toBeGreaterThan(10);
      expect(r.retry).toBe(code === 'TOO_MANY_ATTEMPTS');
    }
  });

  it('sends a wrong or revoked link back to the Admin area for a new QR code', () => {
    expect(serverRefusal('BAD_TOKEN', '', 'porch').fix).toMatch(/Admin → Camera tokens.*QR code/);
    expect(serverRefusal('REVOKED', '', 'porch').title).toMatch(/revoked/);
  });

  it("keeps the relay's own message for a code it does not know", () => {
    expect(serverRefusal('SOMETHING_NEW', 'The relay said so.', 'porch')).toMatchObject({ code: 'SOMETHING_NEW', title: 'The relay said so.', retry: true });
  });
});
