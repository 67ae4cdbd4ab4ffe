import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/load-config.js';
import { parseMqtt } from '../../server/mqtt/settings.js';

const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-mqtt-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const error = (text: string) => {
  const r = parseMqtt(text);
  return r.ok ? null : r.error;
};

describe('parseMqtt', () => {
  it('fills the defaults around a URL', () => {
    const r = parseMqtt('{"url":"mqtt://broker.lan:1883"}');
    expect(r.ok && r.value).toEqual({
      url: 'mqtt://broker.lan:1883',
      ca: null,
      topicPrefix: 'camrelay',
      discoveryPrefix: 'homeassistant',
      discovery: true,
      snapshotSeconds: 10,
      allowCommands: false,
      recordMode: 'continuous',
      queueMessages: 1000,
      queueMb: 16,
    });
  });

  it('names the setting at fault', () => {
    expect(error('{"url":"http://broker"}')).toBe('mqtt.url must be an mqtt:// or mqtts:// URL without a user name or password (use username and password)');
    expect(error('{"url":"mqtt://u:p@broker"}')).toContain('mqtt.url must be');
    expect(error('{"url":"mqtt://b","topicPrefix":"cams/#"}')).toContain('mqtt.topicPrefix must be topic levels');
    expect(error('{"url":"mqtt://b","topicPrefix":"/cams"}')).toContain('mqtt.topicPrefix must be topic levels');
    expect(error('{"url":"mqtt://b","snapshotSeconds":-1}')).toMatch(/^mqtt\.snapshotSeconds is not valid/);
    expect(error('{"url":"mqtt://b","recordMode":"off"}')).toMatch(/^mqtt\.recordMode is not valid/);
    expect(error('{"url":"mqtt://b","pasword":"x"}')).toMatch(/^mqtt\.pasword is not an mqtt setting \(known: url, username, password, ca,/);
    expect(error('{"username":"x"}')).toMatch(/^mqtt\.url /);
    expect(error('[1]')).toBe('mqtt must be a JSON object with at least url');
    expect(error('{"url":"mqtts://b","ca":"/nonexistent/ca.pem"}')).toBe('mqtt.ca cannot be read (ENOENT)');
  });

  it('reads the CA file into memory', () => {
    const ca = path.join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');
    const r = parseMqtt(JSON.stringify({ url: 'mqtts://b', ca }));
    expect(r.ok && r.value.ca?.toString()).toBe('-----BEGIN CERTIFICATE-----\n');
  });
});

describe('the mqtt settings in loadConfig', () => {
  it('are off by default', () => {
    expect(loadConfig([], {}).config).toMatchObject({ mqtt: null, mqttPassword: undefined });
  });

  it('take the section as an object in the config file, and the password from the environment', () => {
    const file = path.join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ mqtt: { url: 'mqtt://broker:1883', username: 'camrelay', topicPrefix: 'home/cams' } }));
    const { config } = loadConfig(['--config', file], { CAMRELAY_MQTT_PASSWORD: 'from-env' });
    expect(config.mqtt).toMatchObject({ url: 'mqtt://broker:1883', username: 'camrelay', topicPrefix: 'home/cams' });
    expect(config.mqttPassword).toBe('from-env');
  });

  it('never prints a password it could not read', () => {
    const env = { CAMRELAY_MQTT: JSON.stringify({ url: 'http://broker', password: 'hunter2-secret' }) };
    expect(() => loadConfig([], env)).toThrow('CAMRELAY_MQTT is not valid: mqtt.url must be an mqtt:// or mqtts:// URL');
    expect(() => loadConfig([], env)).not.toThrow(/hunter2/);
  });

  it('refuses a password without a broker', () => {
    expect(() => loadConfig([], { CAMRELAY_MQTT_PASSWORD: 'x' })).toThrow('CAMRELAY_MQTT_PASSWORD is set but mqtt is not');
  });
});
