import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HomeAssistantStatus } from '../../../shared/home-assistant.js';
import type { MqttView } from '../../../shared/notifications.js';
import {
  costLine,
  discoveryLine,
  mqttLine,
  parseHomeAssistant,
  stillImageUrl,
  streamSource,
  TOKEN_PLACEHOLDER,
} from '../../../dashboard/src/admin/home-assistant-data.js';

const doc = readFileSync(new URL('../../../docs/home-assistant.md', import.meta.url), 'utf8');
const generic = doc.slice(doc.indexOf('## The Generic Camera integration'));
/** A bullet's value as the Generic Camera part of the doc prints it: `- **Label**: \`value\``. */
const printed = (label: string) => generic.match(new RegExp(`\\*\\*${label}\\*\\*: \`([^\`]+)\``))![1]!;

const status = (o: Partial<HomeAssistantStatus> = {}): HomeAssistantStatus => ({
  mqtt: 'connected',
  error: null,
  discovery: true,
  discoveryPrefix: 'homeassistant',
  topicPrefix: 'camrelay',
  snapshotSeconds: 10,
  announced: [{ id: 'front-door', name: 'Front door' }],
  rtspPort: 8554,
  ...o,
});
const mqtt = (o: Partial<MqttView> = {}) => ({ source: 'admin', enabled: true, url: 'mqtt://192.168.1.10:1883', ...o }) as MqttView;

describe('the Generic Camera URLs', () => {
  it('are the URLs docs/home-assistant.md prints, for the relay at relay:3000', () => {
    expect(stillImageUrl('http://relay:3000/', 'front-door')).toBe(printed('Still image URL'));
    expect(streamSource('http://relay:3000/', 8554, 'front-door')).toBe(printed('Stream source'));
    expect(printed('Stream source')).toContain(TOKEN_PLACEHOLDER);
  });

  it('keep a sub-path for the still image, and put a made token in the stream source', () => {
    expect(stillImageUrl('https://example.org/cams/', 'yard')).toBe('https://example.org/cams/api/cameras/yard/snapshot.jpg?width=640');
    expect(streamSource('https://example.org/cams/', 9554, 'yard', 'a+b')).toBe('rtsp://example.org:9554/yard?token=a%2Bb');
  });
});

describe('parseHomeAssistant', () => {
  it('reads the answer, and refuses one of another shape', () => {
    expect(parseHomeAssistant(status())).toEqual(status());
    expect(parseHomeAssistant({ mqtt: 'maybe', announced: [] })).toBeNull();
    expect(parseHomeAssistant(null)).toBeNull();
    expect(parseHomeAssistant({ ...status(), announced: [{ id: 1 }, { id: 'a', name: 'A' }] })!.announced).toEqual([{ id: 'a', name: 'A' }]);
  });
});

describe('the lines of what is set', () => {
  it('say the link, the broker and where it is set', () => {
    expect(mqttLine(status(), mqtt())).toBe('MQTT: connected to mqtt://192.168.1.10:1883 (set below).');
    expect(mqttLine(status({ mqtt: 'connecting', error: 'Connection refused: Not authorized' }), mqtt({ source: 'config' }))).toBe(
      'MQTT: not connected to mqtt://192.168.1.10:1883 (set in the config file): Connection refused: Not authorized.',
    );
    expect(mqttLine(status({ mqtt: 'off' }), mqtt({ source: null, url: '' }))).toMatch(/^MQTT: not set\. Give the broker below/);
    expect(mqttLine(status({ mqtt: 'off' }), mqtt({ enabled: false }))).toMatch(/^MQTT: off \(switched off below\)/);
  });

  it('say whether discovery is on and name the cameras it announced', () => {
    expect(discoveryLine(status())).toBe('Discovery: on, prefix homeassistant: 1 camera announced: Front door (front-door).');
    expect(
      discoveryLine(
        status({
          announced: [
            { id: 'a', name: 'a' },
            { id: 'b', name: 'B' },
          ],
        }),
      ),
    ).toBe('Discovery: on, prefix homeassistant: 2 cameras announced: a, B (b).');
    expect(discoveryLine(status({ announced: [] }))).toMatch(/no camera announced yet/);
    expect(discoveryLine(status({ discovery: false }))).toMatch(/^Discovery: off \(mqtt.discovery is false/);
    expect(discoveryLine(status({ mqtt: 'off' }))).toBe('Discovery: waits for MQTT.');
  });

  it('are the lines docs/home-assistant.md quotes', () => {
    const prose = doc.replace(/\s+/g, ' ');
    expect(prose).toContain(`\`${mqttLine(status(), mqtt())}\``);
    const two = status({
      announced: [
        { id: 'front-door', name: 'Front door' },
        { id: 'yard', name: 'yard' },
      ],
    });
    expect(prose).toContain(`\`${discoveryLine(two)}\``);
  });

  it('say what it costs', () => {
    expect(costLine(status())).toMatch(/^Each camera's newest picture goes to the broker every 10 s/);
    expect(costLine(status({ snapshotSeconds: 0 }))).toMatch(/on request and with events only/);
    expect(costLine(status({ mqtt: 'off' }))).toBe('Costs nothing while off.');
  });
});
