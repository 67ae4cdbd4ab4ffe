/** The status line's text: what a person watching the capture client needs to see. */
import { describe, expect, it } from 'vitest';
import type { CaptureStats } from '../../../common/capture/stats.js';
import { formatStatus } from '../../../common/capture/status-line.js';

const stats = (over: Partial<CaptureStats> = {}): CaptureStats => ({
  produced: 10,
  sent: 10,
  acked: 9,
  dropped: 0,
  failed: 1,
  rttMs: 12,
  link: 'websocket',
  reconnects: 0,
  lastError: null,
  lastErrorMessage: null,
  webrtcEnd: null,
  ...over,
});

describe('formatStatus', () => {
  it('shows the link frames take, webrtc included', () => {
    expect(formatStatus('cam', stats({ link: 'webrtc', rttMs: null }), 15)).toMatch(/^cam → webrtc \| .* \| rtt – \|/);
  });

  it('says "no link" while down, and why while down for a reconnect the sender chose', () => {
    expect(formatStatus('cam', stats({ link: null }), 0)).toMatch(/^cam → no link \|/);
    expect(formatStatus('cam', stats({ link: null, relink: 'to offer H.264' }), 0)).toMatch(/^cam → reconnecting to offer H\.264 \|/);
    expect(formatStatus('cam', stats({ link: 'polling', relink: 'to offer H.264' }), 5)).toMatch(/^cam → polling \|/);
  });

  it('shows the last error with its message, not only its code', () => {
    const line = formatStatus('cam', stats({ lastError: 'NETWORK', lastErrorMessage: 'connect ECONNREFUSED 127.0.0.1:9' }), 15);
    expect(line).toContain('last error NETWORK: connect ECONNREFUSED 127.0.0.1:9');
  });

  it('shows a bare code when the error came without a message', () => {
    expect(formatStatus('cam', stats({ lastError: 'TIMEOUT' }), 15)).toMatch(/last error TIMEOUT$/);
  });

  it("shows the source's note on its costly work, such as ffmpeg re-encoding", () => {
    expect(formatStatus('cam', stats(), 15, 're-encoding: yes (ffmpeg cpu 23%)')).toMatch(/reconnects 0 \| re-encoding: yes \(ffmpeg cpu 23%\)$/);
  });

  it('says why the last WebRTC upgrade ended while frames go another way', () => {
    const line = formatStatus(
      'cam',
      stats({ webrtcEnd: { reason: 'no-frames', message: 'no frame arrived over the data channel while the camera was live' } }),
      15,
    );
    expect(line).toContain('cam → websocket');
    expect(line).toContain('webrtc no-frames: no frame arrived over the data channel while the camera was live');
  });

  it('leaves an old reason out once WebRTC carries frames again', () => {
    expect(formatStatus('cam', stats({ link: 'webrtc', webrtcEnd: { reason: 'ice-timeout', message: 'ICE did not connect in time' } }), 15)).not.toContain(
      'ice-timeout',
    );
  });
});
