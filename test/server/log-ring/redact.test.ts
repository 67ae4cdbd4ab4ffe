import { describe, expect, it } from 'vitest';
import { bundleConfig } from '../../../server/system/diagnostics.js';
import { isSecretKey, redactText, redactValue, secretValues } from '../../../server/log-ring/redact.js';

describe('redactText', () => {
  it('cuts the password of a URL and a token in its query', () => {
    expect(redactText('could not open rtsp://admin:pa55@10.0.0.9:554/main')).toBe('could not open rtsp://[redacted]@10.0.0.9:554/main');
    expect(redactText('redis://:hunter2@redis:6379/0')).toBe('redis://[redacted]@redis:6379/0');
    expect(redactText('GET /api/cameras/door/stream.mp4?token=st_abcdef&x=1')).toBe('GET /api/cameras/door/stream.mp4?token=[redacted]&x=1');
  });

  it('takes out known secret values wherever they are, and leaves values too short to mean anything', () => {
    expect(redactText('password was Tr0ub4dor here', ['Tr0ub4dor'])).toBe('password was [redacted] here');
    expect(redactText('a b c', ['b'])).toBe('a b c');
  });
});

describe('redactValue', () => {
  it('replaces values under secret keys at any depth, and keeps empty ones empty', () => {
    const config = {
      adminPassword: 'x1234567',
      captureToken: undefined,
      mqtt: { url: 'mqtt://broker:1883', password: 'p', ca: Buffer.from('PEM') },
      mqttPassword: '',
      turnSecret: 's3',
      tlsKey: '/etc/key.pem',
      iceServers: [{ urls: 'turn:t', username: 'u', credential: 'c' }],
      recording: { webhooks: [{ url: 'https://h/x', headers: { 'X-Id': '1' } }] },
      port: 8080,
    };
    expect(redactValue(config)).toEqual({
      adminPassword: '[redacted]',
      captureToken: undefined,
      mqtt: { url: 'mqtt://broker:1883', password: '[redacted]', ca: '[3 bytes]' },
      mqttPassword: '',
      turnSecret: '[redacted]',
      tlsKey: '[redacted]',
      iceServers: [{ urls: 'turn:t', username: 'u', credential: '[redacted]' }],
      recording: { webhooks: [{ url: 'https://h/x', headers: '[redacted]' }] },
      port: 8080,
    });
    expect(config.adminPassword).toBe('x1234567');
  });

  it('names which keys are secrets', () => {
    for (const key of ['adminPassword', 'metricsToken', 'vapidPrivateKey', 'turnSecret', 'Authorization', 'tlsKey', 'apiKey'])
      expect(isSecretKey(key), key).toBe(true);
    for (const key of ['port', 'url', 'username', 'keyframeSeconds', 'monkeys', 'cameras']) expect(isSecretKey(key), key).toBe(false);
  });

  it('finds the secret values to search the rest for', () => {
    expect(secretValues({ adminPassword: 'a', mqtt: { password: 'b' }, recording: { webhooks: [{ headers: { Authorization: 'c' } }] }, port: 1 })).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});

describe('bundleConfig', () => {
  it('keeps only the origin of a webhook URL (its path is the receiver’s key)', () => {
    const shown = bundleConfig({ recording: { webhooks: [{ url: 'https://hooks.slack.com/services/T0/B0/XyZ' }] } }, []);
    expect(shown).toEqual({ recording: { webhooks: [{ url: 'https://hooks.slack.com/[redacted]' }] } });
  });
});
