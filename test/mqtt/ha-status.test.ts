/** The Home Assistant section's answer (`GET /api/admin/home-assistant`), built from the running link (test/mqtt/ha-status-route.test.ts runs it for real). */
import { describe, expect, it } from 'vitest';
import { ANNOUNCED_MAX, ERROR_MAX, homeAssistantStatus, type LinkSeen } from '../../server/mqtt/ha-status.js';

const seen = (o: Partial<LinkSeen> = {}): LinkSeen => ({
  status: { state: 'connected', lastError: null, connects: 1, retryInMs: null },
  discovery: true,
  discoveryPrefix: 'homeassistant',
  topicPrefix: 'camrelay',
  snapshotSeconds: 10,
  announced: ['front-door'],
  ...o,
});
const names: Record<string, string> = { 'front-door': 'Front door' };
const nameOf = (id: string) => names[id] ?? null;

describe('homeAssistantStatus', () => {
  it('says off, with nothing announced, while MQTT is off or its link closed', () => {
    for (const s of [null, seen({ status: { state: 'closed', lastError: null, connects: 1, retryInMs: null } })])
      expect(homeAssistantStatus(s, nameOf, 8554)).toEqual({
        mqtt: 'off',
        error: null,
        discovery: false,
        discoveryPrefix: null,
        topicPrefix: null,
        snapshotSeconds: null,
        announced: [],
        rtspPort: 8554,
      });
  });

  it('says connected with the announced cameras by name, leaving out one the relay no longer lists', () => {
    const s = homeAssistantStatus(seen({ announced: ['front-door', 'gone'] }), nameOf, null);
    expect(s).toMatchObject({ mqtt: 'connected', error: null, discovery: true, discoveryPrefix: 'homeassistant', rtspPort: null });
    expect(s.announced).toEqual([{ id: 'front-door', name: 'Front door' }]);
  });

  it("says connecting with the client's reason, cut to ERROR_MAX characters", () => {
    const long = 'x'.repeat(ERROR_MAX * 3);
    expect(homeAssistantStatus(seen({ status: { state: 'connecting', lastError: long, connects: 0, retryInMs: 1000 } }), nameOf, null).error).toHaveLength(
      ERROR_MAX,
    );
    expect(homeAssistantStatus(seen({ status: { state: 'connecting', lastError: null, connects: 0, retryInMs: null } }), nameOf, null).error).toBe(
      'no answer from the broker yet',
    );
  });

  it('lists at most ANNOUNCED_MAX cameras', () => {
    const many = Array.from({ length: ANNOUNCED_MAX + 5 }, (_, i) => `c${i}`);
    expect(homeAssistantStatus(seen({ announced: many }), (id) => id, null).announced).toHaveLength(ANNOUNCED_MAX);
  });
});
