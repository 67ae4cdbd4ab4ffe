import { describe, expect, it } from 'vitest';
import {
  formatAbandon,
  formatCandidates,
  formatIceHistory,
  formatPair,
  formatWebrtcState,
  webrtcFigures,
  WEBRTC_ROWS,
  type ReceiverView,
  type UpgradeView,
} from '../../../../dashboard/src/receivers/webrtc/format.js';
import { ABANDON_REASONS } from '../../../../shared/webrtc/protocol.js';
import type { UpgradeEnd } from '../../../../common/webrtc/upgrade.js';

function upgrade(over: Partial<UpgradeView> = {}): UpgradeView {
  return { state: 'connecting', startedAt: 10_000, iceHistory: [], localTypes: new Set(), remoteTypes: new Set(), pair: null, usingAt: null, ...over };
}

function receiver(over: Partial<ReceiverView> = {}): ReceiverView {
  return { serverMode: 'on', enabled: true, delivering: false, upgrade: null, lastEnd: null, retryAt: null, ...over };
}

const end: UpgradeEnd = {
  reason: 'ice-timeout',
  message: ABANDON_REASONS['ice-timeout'],
  detail: 'after 5.0 s in checking; candidates gathered: none',
  remote: false,
  at: 15_000,
};

describe('formatWebrtcState', () => {
  it('says off, and why, when the server has WebRTC switched off', () => {
    expect(formatWebrtcState(receiver({ serverMode: 'off', enabled: false }), 0)).toBe('off: switched off on this server');
  });

  it('points at the header toggle when the server offers WebRTC but it is not wanted', () => {
    expect(formatWebrtcState(receiver({ serverMode: 'optional', enabled: false }), 0)).toBe('off: switch it on in the header');
  });

  it('counts the seconds of an attempt that is connecting', () => {
    expect(formatWebrtcState(receiver({ upgrade: upgrade() }), 11_234)).toBe('connecting 1.2 s');
  });

  it('tells a trial from an active upgrade, with the time to its first frame', () => {
    expect(formatWebrtcState(receiver({ upgrade: upgrade({ state: 'trial' }) }), 0)).toMatch(/^trial/);
    const active = upgrade({ state: 'active', usingAt: 10_400 });
    expect(formatWebrtcState(receiver({ upgrade: active, delivering: true }), 20_000)).toBe('active: frames over the data channel (first after 0.4 s)');
    expect(formatWebrtcState(receiver({ upgrade: active, delivering: false }), 20_000)).toBe('active: no frame for a moment');
  });

  it('counts down to the retry after an attempt ended, never showing 0 s', () => {
    const ended = receiver({ upgrade: upgrade({ state: 'ended' }), lastEnd: end, retryAt: 20_000 });
    expect(formatWebrtcState(ended, 15_100)).toBe('ended · retry in 5 s');
    expect(formatWebrtcState(ended, 19_990)).toBe('ended · retry in 1 s');
  });

  it('waits for the live connection when the signaling dropped', () => {
    expect(formatWebrtcState(receiver({ upgrade: upgrade({ state: 'ended' }) }), 0)).toBe('ended · retry once the live connection is back');
  });
});

describe('formatIceHistory', () => {
  it('times each state from the start of the attempt', () => {
    const u = upgrade({
      iceHistory: [
        { at: 10_000, state: 'new' },
        { at: 10_120, state: 'checking' },
        { at: 10_310, state: 'connected' },
      ],
    });
    expect(formatIceHistory(u)).toBe('new → checking 0.1 s → connected 0.3 s');
  });

  it('shows a dash before any attempt', () => {
    expect(formatIceHistory(null)).toBe('—');
  });
});

describe('formatCandidates', () => {
  it('lists the types each side offered, or none', () => {
    expect(formatCandidates(upgrade({ localTypes: new Set(['host', 'srflx']), remoteTypes: new Set() }))).toBe('local host, srflx · remote none');
  });
});

describe('formatPair', () => {
  it('says when ICE never chose a pair', () => {
    expect(formatPair(upgrade({ state: 'ended' }))).toBe('none: ICE never chose one');
    expect(formatPair(upgrade({ pair: 'host 10.0.0.2:5000 udp ⇄ host 10.0.0.1:6000 udp' }))).toMatch(/⇄/);
  });
});

describe('formatAbandon', () => {
  it('gives the reason as a sentence, its detail, who ended it and when', () => {
    expect(formatAbandon(end, 27_000)).toBe(
      'ICE did not connect in time: after 5.0 s in checking; candidates gathered: none (ended by this browser, 12 s ago)',
    );
  });

  it('names the server when it gave up and told the page', () => {
    expect(formatAbandon({ ...end, reason: 'not-draining', message: ABANDON_REASONS['not-draining'], detail: '', remote: true }, 15_000)).toBe(
      'The peer stopped taking data (ended by the server, 0 s ago)',
    );
  });

  it('shows a dash when nothing was given up yet', () => {
    expect(formatAbandon(null, 0)).toBe('—');
  });
});

describe('webrtcFigures', () => {
  it('gives a value for every row of the section, and only those', () => {
    expect(Object.keys(webrtcFigures(receiver(), 0)).sort()).toEqual(WEBRTC_ROWS.map((r) => r.key).sort());
  });

  it("puts the attempt's state, or off, in the state row's data-state", () => {
    expect(webrtcFigures(receiver({ upgrade: upgrade({ state: 'trial' }) }), 0).state!.state).toBe('trial');
    expect(webrtcFigures(receiver(), 0).state!.state).toBe('waiting');
    expect(webrtcFigures(receiver({ enabled: false }), 0).state!.state).toBe('off');
  });

  it('writes each line as its format function does', () => {
    const r = receiver({ upgrade: upgrade({ state: 'ended' }), lastEnd: end });
    const figures = webrtcFigures(r, 20_000);
    expect(figures.state!.text).toBe(formatWebrtcState(r, 20_000));
    expect(figures.pair!.text).toBe('none: ICE never chose one');
    expect(figures.abandon!.text).toBe(formatAbandon(end, 20_000));
  });
});
