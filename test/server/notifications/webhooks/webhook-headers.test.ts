import { describe, expect, it } from 'vitest';
import { headerProblem } from '../../../../server/notifications/webhooks/webhook-headers.js';

const problem = (headers: Record<string, unknown>) => headerProblem(headers, 'webhook');

describe('headerProblem', () => {
  it('takes a receiver’s token, a Content-Type and a Latin-1 value with a tab', () => {
    expect(problem({ Authorization: 'Bearer tk_1', 'Content-Type': 'application/json', 'X-Site': 'Café\tNord' })).toBeNull();
  });

  it('refuses, whatever their case, the headers the relay sets or its connection owns, naming each', () => {
    for (const name of ['Content-Length', 'transfer-encoding', 'HOST', 'Expect', 'Connection', 'Keep-Alive', 'Proxy-Connection', 'Upgrade', 'TE', 'Trailer']) {
      const p = problem({ Authorization: 'Bearer tk_1', [name]: 'x' });
      expect(p?.code, name).toBe('WEBHOOK_HEADER_UNSENDABLE');
      expect(p?.message, name).toMatch(new RegExp(`^webhook\\.headers\\.${name} cannot be set by a webhook: `));
    }
  });

  it('refuses values fetch cannot send: beyond Latin-1, or with a control character', () => {
    for (const value of ['5 €', '🙂', 'a\x01b', 'a\x7fb', 'a\x1bb']) {
      expect(problem({ 'X-Note': value }), JSON.stringify(value)).toEqual({
        code: 'WEBHOOK_HEADER_UNSENDABLE',
        message:
          'webhook.headers.X-Note cannot be sent: a header value may hold only Latin-1 letters, digits, signs and spaces (no emoji, no control characters)',
      });
    }
  });

  it('calls a name that is no RFC 7230 token, a line break and a value over 4096 characters malformed', () => {
    expect(problem({ 'X A': 'a' })).toEqual({ code: 'BAD_WEBHOOK', message: 'webhook.headers: "X A" is not a header name' });
    expect(problem({ 'X-Ä': 'a' })?.code).toBe('BAD_WEBHOOK');
    expect(problem({ 'X-A': 'a\r\nX-B: b' })?.code).toBe('BAD_WEBHOOK');
    expect(problem({ 'X-A': 'a'.repeat(4097) })?.code).toBe('BAD_WEBHOOK');
    expect(problem({ 'X-A': 7 })?.code).toBe('BAD_WEBHOOK');
  });
});
