import { describe, expect, it } from 'vitest';
import { parseRecording } from '../../../../server/recording/settings.js';

const parsed = (v: unknown) => parseRecording(JSON.stringify(v));
const error = (v: unknown) => {
  const r = parsed(v);
  return r.ok ? null : r.error;
};

describe('recording.webhooks and recording.publicUrl', () => {
  it('takes rules with their optional keys, and the public address without a trailing slash', () => {
    const rules = [
      { url: 'http://homeassistant.local:8123/api/webhook/camrelay-motion' },
      { url: 'https://ntfy.sh/my-cams', cameras: ['door'], events: ['start'], format: 'ntfy', headers: { Authorization: 'Bearer tk_1' } },
    ];
    const r = parsed({ webhooks: rules, publicUrl: 'https://cams.example.com/relay/' });
    expect(r.ok && [r.value.webhooks, r.value.publicUrl]).toEqual([rules, 'https://cams.example.com/relay']);
    const none = parsed({});
    expect(none.ok && [none.value.webhooks, none.value.publicUrl]).toEqual([[], null]);
  });

  it('names the bad key', () => {
    expect(error({ webhooks: {} })).toBe('recording.webhooks must be a list of at most 32 webhooks');
    expect(error({ webhooks: [{ url: 'ftp://x' }] })).toBe('recording.webhooks[0].url must be an http:// or https:// URL without a user name or password');
    expect(error({ webhooks: [{ url: 'https://u:p@x.example' }] })).toBe(
      'recording.webhooks[0].url must be an http:// or https:// URL without a user name or password',
    );
    expect(error({ webhooks: [{ url: 'http://x', events: ['moved'] }] })).toBe('recording.webhooks[0].events must be a list of start, end');
    expect(error({ webhooks: [{ url: 'http://x', cameras: ['../a'] }] })).toBe('recording.webhooks[0].cameras must be a list of at most 256 camera ids');
    expect(error({ webhooks: [{ url: 'http://x', format: 'xml' }] })).toBe('recording.webhooks[0].format must be one of json, ntfy');
    expect(error({ webhooks: [{ url: 'http://x', headers: { 'X-A': 'a\r\nX-B: b' } }] })).toBe(
      'recording.webhooks[0].headers.X-A must be text on one line (at most 4096 characters)',
    );
    expect(error({ webhooks: [{ url: 'http://x', headers: { 'bad name': 'a' } }] })).toBe('recording.webhooks[0].headers: "bad name" is not a header name');
    // The config file's rules go through the Admin area's checker: a header that can never be sent stops the start.
    expect(error({ webhooks: [{ url: 'http://x', headers: { 'Content-Length': '12' } }] })).toBe(
      'recording.webhooks[0].headers.Content-Length cannot be set by a webhook: the relay sets it for each request',
    );
    expect(error({ webhooks: [{ url: 'http://x', headers: { 'X-Price': '5 €' } }] })).toMatch(/^recording\.webhooks\[0\]\.headers\.X-Price cannot be sent: /);
    expect(error({ webhooks: [{ url: 'http://x', retries: 3 }] })).toBe(
      'recording.webhooks[0].retries is not part of a webhook (known: url, cameras, events, format, headers)',
    );
    expect(error({ publicUrl: 'cams.example.com' })).toBe("recording.publicUrl must be the relay's http:// or https:// address, e.g. https://cams.example.com");
  });
});
