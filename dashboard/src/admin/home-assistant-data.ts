/**
 * The Home Assistant section's words (#42), pure: what is set (the MQTT link, discovery and the cameras it announced),
 * what it costs, and the Generic Camera's URLs as docs/home-assistant.md prints them (test/dashboard checks both).
 */
import type { HomeAssistantStatus } from '../../../shared/home-assistant.js';
import type { MqttView } from '../../../shared/notifications.js';
import { relayUrl } from '../../../common/relay-url.js';
import { rtspUrl } from './streams-view.js';

/** Stands for a stream token in the stream source until one is made: the docs' own placeholder. */
export const TOKEN_PLACEHOLDER = 'STREAM-TOKEN';

/** The Generic Camera's "Still image URL": the camera's newest picture, 640 px wide (`base`: the page's base, a sub-path included). */
export function stillImageUrl(base: string, cameraId: string): string {
  return relayUrl(base, `api/cameras/${encodeURIComponent(cameraId)}/snapshot.jpg?width=640`);
}

/** The Generic Camera's "Stream source": the camera's RTSP URL with a stream token (the placeholder until one is made). */
export function streamSource(base: string, rtspPort: number, cameraId: string, secret = TOKEN_PLACEHOLDER): string {
  return rtspUrl(base, rtspPort, cameraId, secret);
}

/** The answer of `/api/admin/home-assistant` if it has the shape read here; else null (said as an error). */
export function parseHomeAssistant(value: unknown): HomeAssistantStatus | null {
  const v = value as Partial<HomeAssistantStatus> | null;
  if (!v || !['off', 'connecting', 'connected'].includes(v.mqtt as string) || !Array.isArray(v.announced)) return null;
  const announced = v.announced.filter((c) => typeof c?.id === 'string' && typeof c.name === 'string');
  return {
    mqtt: v.mqtt!,
    error: typeof v.error === 'string' ? v.error : null,
    discovery: v.discovery === true,
    discoveryPrefix: typeof v.discoveryPrefix === 'string' ? v.discoveryPrefix : null,
    topicPrefix: typeof v.topicPrefix === 'string' ? v.topicPrefix : null,
    snapshotSeconds: typeof v.snapshotSeconds === 'number' ? v.snapshotSeconds : null,
    announced,
    rtspPort: typeof v.rtspPort === 'number' ? v.rtspPort : null,
  };
}

/** The MQTT line: the link's state, the broker and where it is set. */
export function mqttLine(s: HomeAssistantStatus, m: MqttView | null): string {
  const where = m?.source === 'config' ? ' (set in the config file)' : m?.source === 'admin' ? ' (set below)' : '';
  const broker = m?.url ? ` ${m.url}` : '';
  if (s.mqtt === 'connected') return `MQTT: connected to${broker || ' the broker'}${where}.`;
  if (s.mqtt === 'connecting') return `MQTT: not connected to${broker || ' the broker'}${where}: ${s.error ?? 'no answer yet'}.`;
  if (m?.source === 'admin' && !m.enabled) return 'MQTT: off (switched off below). Home Assistant hears nothing from this relay.';
  return 'MQTT: not set. Give the broker below (the one Home Assistant uses) and Home Assistant finds the cameras by itself.';
}

/** The discovery line: on or off, the prefix, and the cameras announced by name. */
export function discoveryLine(s: HomeAssistantStatus): string {
  if (s.mqtt === 'off') return 'Discovery: waits for MQTT.';
  if (!s.discovery) return 'Discovery: off (mqtt.discovery is false in the config file): Home Assistant gets the topics only, no devices.';
  const n = s.announced.length;
  const names = s.announced.map((c) => (c.name === c.id ? c.name : `${c.name} (${c.id})`)).join(', ');
  const prefix = `Discovery: on, prefix ${s.discoveryPrefix ?? 'homeassistant'}`;
  return n === 0
    ? `${prefix}: no camera announced yet (a camera is announced once it connects).`
    : `${prefix}: ${n === 1 ? '1 camera' : `${n} cameras`} announced: ${names}.`;
}

/** What it costs: the broker's traffic, and that the frame path never waits for it. */
export function costLine(s: HomeAssistantStatus): string {
  if (s.mqtt === 'off') return 'Costs nothing while off.';
  const pictures =
    s.snapshotSeconds === 0
      ? 'Pictures go to the broker on request and with events only (mqtt.snapshotSeconds is 0)'
      : `Each camera's newest picture goes to the broker every ${s.snapshotSeconds ?? 10} s (one JPEG, mqtt.snapshotSeconds)`;
  return `${pictures}, plus a few bytes per state change; live viewing and recording never wait for the broker.`;
}
