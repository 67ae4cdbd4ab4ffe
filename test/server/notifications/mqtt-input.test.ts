/** The Admin area's MQTT settings checked by the config file's zod schema, the password kept on an edit. */
import { describe, expect, it } from 'vitest';
import { checkMqttInput } from '../../../server/notifications/mqtt-input.js';

describe('checkMqttInput', () => {
  it('takes the form’s settings and makes the config the mqtt module runs with', () => {
    const checked = checkMqttInput({
      url: 'mqtt://broker:1883',
      username: 'cam',
      password: 'pw',
      topicPrefix: 'home/cams',
      cameras: ['porch'],
      events: ['start'],
    });
    expect(checked).toMatchObject({
      ok: true,
      value: {
        admin: { enabled: true, url: 'mqtt://broker:1883', username: 'cam', password: 'pw', topicPrefix: 'home/cams', cameras: ['porch'], events: ['start'] },
        config: { url: 'mqtt://broker:1883', topicPrefix: 'home/cams', discoveryPrefix: 'homeassistant', allowCommands: false, discovery: true },
      },
    });
  });

  it('refuses with the config file’s sentence and names the field', () => {
    expect(checkMqttInput({ url: 'mqtt://u:p@broker' })).toMatchObject({
      ok: false,
      error: { field: 'url', message: 'mqtt.url must be an mqtt:// or mqtts:// URL without a user name or password (use username and password)' },
    });
    expect(checkMqttInput({ url: 'mqtt://b', topicPrefix: 'a/#' })).toMatchObject({
      error: { field: 'topicPrefix', message: expect.stringMatching(/^mqtt\.topicPrefix must be topic levels/) },
    });
    expect(checkMqttInput({ url: 'mqtt://b', allowCommands: 'yes' })).toMatchObject({ error: { field: 'allowCommands' } });
    expect(checkMqttInput({ url: 'mqtt://b', events: [] })).toMatchObject({ error: { field: 'events' } });
    expect(checkMqttInput({ url: 'mqtt://b', cameras: ['../x'] })).toMatchObject({ error: { field: 'cameras' } });
    expect(checkMqttInput({ url: 'mqtt://b', ca: '/etc/x.pem' })).toMatchObject({
      error: { message: expect.stringMatching(/^mqtt\.ca is not an mqtt setting/) },
    });
  });

  it('keeps the old password when the form leaves it empty', () => {
    const old = { enabled: true, url: 'mqtt://b', username: 'cam', password: 'old-pw' };
    expect(checkMqttInput({ url: 'mqtt://b', username: 'cam', password: '' }, old)).toMatchObject({
      value: { admin: { password: 'old-pw' }, config: { password: 'old-pw' } },
    });
    expect(checkMqttInput({ url: 'mqtt://b', username: 'cam', password: 'new-pw' }, old)).toMatchObject({ value: { admin: { password: 'new-pw' } } });
  });

  it('keeps it only for the same broker and user: another must be given the password again', () => {
    const old = { enabled: true, url: 'mqtt://b:1883', username: 'cam', password: 'old-pw' };
    for (const moved of [
      { url: 'mqtt://attacker.example:1883', username: 'cam' },
      { url: 'mqtts://b:1883', username: 'cam' },
      { url: 'mqtt://b:1884', username: 'cam' },
      { url: 'mqtt://b:1883', username: 'someone-else' },
    ]) {
      expect(checkMqttInput({ ...moved, password: '' }, old)).toMatchObject({
        ok: false,
        error: { field: 'password', message: expect.stringMatching(/^mqtt\.password: enter the broker's password again/) },
      });
    }
    expect(checkMqttInput({ url: 'mqtt://attacker.example:1883', username: 'cam', password: 'typed' }, old)).toMatchObject({ ok: true });
  });
});
