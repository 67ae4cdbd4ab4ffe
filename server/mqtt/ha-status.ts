/**
 * The settings page's Home Assistant section (#42) reads here what the relay gives Home Assistant: the broker link,
 * whether discovery is on and which cameras it announced, and the RTSP port of the Generic Camera's stream source.
 * `GET /api/admin/home-assistant`, admins only, read-only; every list and string in the answer is bounded.
 */
import type { Express, RequestHandler } from 'express';
import type { HomeAssistantStatus } from '../../shared/home-assistant.js';
import type { LinkStatus } from './broker-link.js';

/** At most this many announced cameras are listed (the relay's camera list is bounded too; this bounds the answer). */
export const ANNOUNCED_MAX = 1000;
/** A broker's error line is cut to this many characters (it is the MQTT client's words, of any length). */
export const ERROR_MAX = 300;

/** What the running link says of itself; null while MQTT is off. */
export interface LinkSeen {
  status: LinkStatus;
  discovery: boolean;
  discoveryPrefix: string;
  topicPrefix: string;
  snapshotSeconds: number;
  announced: string[];
}

/** The section's answer from the running link (null: off), the cameras' names and the RTSP port. */
export function homeAssistantStatus(seen: LinkSeen | null, nameOf: (id: string) => string | null, rtspPort: number | null): HomeAssistantStatus {
  if (!seen || seen.status.state === 'closed')
    return { mqtt: 'off', error: null, discovery: false, discoveryPrefix: null, topicPrefix: null, snapshotSeconds: null, announced: [], rtspPort };
  const connected = seen.status.state === 'connected';
  const error = connected ? null : (seen.status.lastError ?? 'no answer from the broker yet').slice(0, ERROR_MAX);
  return {
    mqtt: connected ? 'connected' : 'connecting',
    error,
    discovery: seen.discovery,
    discoveryPrefix: seen.discoveryPrefix,
    topicPrefix: seen.topicPrefix,
    snapshotSeconds: seen.snapshotSeconds,
    // A camera that left the list since its configs were queued is not Home Assistant's any more: left out.
    announced: seen.announced.slice(0, ANNOUNCED_MAX).flatMap((id) => {
      const name = nameOf(id);
      return name === null ? [] : [{ id, name }];
    }),
    rtspPort,
  };
}

/** Registers the read-only route behind `guard` (a signed-in admin). */
export function homeAssistantRoute(app: Express, guard: RequestHandler[], status: () => HomeAssistantStatus): void {
  app.get('/api/admin/home-assistant', ...guard, (_req, res) => {
    res.set('cache-control', 'no-store').json(status());
  });
}
