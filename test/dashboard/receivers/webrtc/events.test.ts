import { describe, expect, it } from 'vitest';
import { WebrtcEvents } from '../../../../dashboard/src/receivers/webrtc/events.js';
import type { ReceiverView, UpgradeView } from '../../../../dashboard/src/receivers/webrtc/format.js';
import { ABANDON_REASONS } from '../../../../shared/webrtc/protocol.js';

describe('WebrtcEvents', () => {
  describe('#note', () => {
    it('writes one line per state of each attempt, however often the receiver changes', () => {
      const lines: string[] = [];
      let now = 1000;
      const events = new WebrtcEvents({ add: (t) => lines.push(t) }, () => now);
      const u = { state: 'connecting', startedAt: 1000, iceHistory: [], localTypes: new Set(), remoteTypes: new Set(), pair: null, usingAt: null } as {
        -readonly [K in keyof UpgradeView]: UpgradeView[K];
      };
      const r = { serverMode: 'on', enabled: true, delivering: false, upgrade: u, lastEnd: null, retryAt: null } as {
        -readonly [K in keyof ReceiverView]: ReceiverView[K];
      };
      events.note(r);
      events.note(r);
      now = 1300;
      u.state = 'trial';
      events.note(r);
      u.state = 'active';
      u.usingAt = 1450;
      events.note(r);
      events.note(r);
      u.state = 'ended';
      r.lastEnd = { reason: 'no-frames', message: ABANDON_REASONS['no-frames'], detail: 'none for 2.1 s (40 before)', remote: false, at: 9000 };
      events.note(r);
      expect(lines).toEqual([
        'webrtc: trying an upgrade',
        'webrtc: data channel open after 0.3 s',
        'webrtc: frames over the data channel, 0.5 s after the offer',
        'webrtc ended: no frame arrived over the data channel while the camera was live (none for 2.1 s (40 before))',
      ]);
    });
  });
});
