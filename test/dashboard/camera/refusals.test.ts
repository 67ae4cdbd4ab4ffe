import { describe, expect, it } from 'vitest';
import { cameraRefusal, serverRefusal } from '../../../dashboard/src/camera/refusals.js';
import { AUTH_REFUSAL_CODES } from '../../../shared/errors.js';

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

describe('cameraRefusal', () => {
  it("explains the browser's camera errors and the HTTPS rule", () => {
    expect(cameraRefusal('NotAllowedError', '').fix).toMatch(/Allow the camera/);
    expect(cameraRefusal('INSECURE_CONTEXT', '').fix).toMatch(/HTTPS/);
    expect(cameraRefusal('WeirdError', 'boom').title).toMatch(/boom/);
  });
});
