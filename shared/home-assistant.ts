/** `GET /api/admin/home-assistant` (#42): what the relay gives Home Assistant, read-only (docs/home-assistant.md). */

/** A camera whose discovery configs the relay has published, as Home Assistant names its device. */
export interface AnnouncedCamera {
  id: string;
  name: string;
}

export interface HomeAssistantStatus {
  /** The broker link: `off` (MQTT not set, or switched off), `connecting` (with `error`), `connected`. */
  mqtt: 'off' | 'connecting' | 'connected';
  /** Why the link is not up, in the MQTT client's words; null when connected or off. */
  error: string | null;
  /** Discovery configs are published (`mqtt.discovery`, true unless the config file says false). */
  discovery: boolean;
  discoveryPrefix: string | null;
  topicPrefix: string | null;
  /** Each camera's newest picture on its snapshot topic this often; 0: only on request and with events. */
  snapshotSeconds: number | null;
  /** Cameras announced to Home Assistant on this link (none while it is off or discovery is). */
  announced: AnnouncedCamera[];
  /** The port of the relay's RTSP server (the Generic Camera's stream source); null when RTSP is off. */
  rtspPort: number | null;
}
