import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iceServersFor, parseIceServers, turnCredentials } from '../../../../server/transports/webrtc/ice-servers.js';
import { loadConfig } from '../../../../server/load-config.js';

describe('parseIceServers', () => {
  it('takes the browser RTCIceServer format', () => {
    const raw =
      '[{"urls":"stun:stun.example.org:3478"},{"urls":["turn:t.example.org:3478?transport=udp","turns:t.example.org:5349"],"username":"u","credential":"p"}]';
    expect(parseIceServers(raw)).toEqual({ ok: true, value: JSON.parse(raw) });
  });

  it.each([
    ['not JSON', 'stun:x'],
    ['not an array', '{"urls":"stun:x"}'],
    ['an http URL', '[{"urls":"http://x"}]'],
    ['a username without credential', '[{"urls":"turn:x","username":"u"}]'],
    ['a numeric credential', '[{"urls":"turn:x","username":"u","credential":5}]'],
  ])('refuses %s with a reason', (_what, raw) => {
    const parsed = parseIceServers(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.length).toBeGreaterThan(10);
  });
});

describe('turnCredentials', () => {
  it('follows the TURN REST scheme coturn checks (expiry:user, base64 HMAC-SHA1)', () => {
    const now = 1_700_000_000_000;
    const { username, credential } = turnCredentials('s3cret', 'alice', 3600, now);
    expect(username).toBe(`${1_700_000_000 + 3600}:alice`);
    expect(credential).toBe(createHmac('sha1', 's3cret').update(username).digest('base64'));
  });
});

describe('iceServersFor', () => {
  it('fills in credentials only for TURN entries without their own', () => {
    const servers = iceServersFor([{ urls: 'stun:s' }, { urls: 'turn:t' }, { urls: 'turn:fixed', username: 'u', credential: 'p' }], 'bob:x', 'secret', 60, 0);
    expect(servers[0]).toEqual({ urls: 'stun:s' });
    expect(servers[1]!.username).toBe('60:bob_x');
    expect(servers[2]).toEqual({ urls: 'turn:fixed', username: 'u', credential: 'p' });
  });
});

describe('WebRTC settings', () => {
  it('refuses a TURN server without credentials when there is no secret to make them', () => {
    expect(() => loadConfig([], { CAMRELAY_ICE_SERVERS: '[{"urls":"turn:t.example.org"}]' })).toThrow(/CAMRELAY_TURN_SECRET/);
    expect(loadConfig([], { CAMRELAY_ICE_SERVERS: '[{"urls":"turn:t.example.org"}]', CAMRELAY_TURN_SECRET: 'x' }).config.iceServers).toHaveLength(1);
  });

  it('names the setting when a value is bad', () => {
    expect(() => loadConfig([], { CAMRELAY_WEBRTC: 'maybe' })).toThrow(/CAMRELAY_WEBRTC="maybe" is not valid: use one of off, optional, on/);
    expect(() => loadConfig([], { CAMRELAY_ICE_PORTS: '9000-80' })).toThrow(/CAMRELAY_ICE_PORTS/);
    expect(loadConfig(['--ice-ports', '50000-50100']).config.icePorts).toEqual([50000, 50100]);
  });
});
