import { defineConfig } from 'vitest/config';

// Which project a test file runs in (docs/testing.md): Chromium makes it e2e; anything else real
// (a listening socket, a child process, Redis, a proxy) makes it integration; the rest is unit.

/** Every test that launches Chromium (imports test/helpers/browser.ts), wherever it lives. */
const E2E = [
  'test/e2e/**/*.test.ts',
  'test/docs/browser-camera.test.ts',
  'test/resilience/hidden-tab.test.ts',
  'test/resilience/http-proxy-faults.test.ts',
  'test/resilience/nginx-no-upgrade.test.ts',
  'test/resilience/process-faults.test.ts',
  'test/resilience/proxy-matrix.test.ts',
  'test/resilience/tcp-faults.test.ts',
  'test/security/xss.test.ts',
  'test/server/cluster/failover.test.ts',
];

/** Whole folders of real-network tests, then the files in mirrored folders that start something real. */
const INTEGRATION = [
  'test/docs/**/*.test.ts',
  'test/resilience/**/*.test.ts',
  'test/security/**/*.test.ts',
  'test/capture-client/auth-refusal.test.ts',
  'test/capture-client/capture-client.test.ts',
  'test/capture-client/capture-cmd.test.ts',
  'test/capture-client/main.test.ts',
  'test/capture-client/run.test.ts',
  'test/capture-client/senders/http.test.ts',
  'test/capture-client/senders/socketio.test.ts',
  'test/capture-client/senders/webrtc.test.ts',
  'test/capture-client/status-line.test.ts',
  'test/capture-client/transcode.test.ts',
  'test/capture-client/sources/ffmpeg.test.ts',
  'test/capture-client/sources/ffmpeg-windows.test.ts',
  'test/capture-client/sources/list-devices.test.ts',
  'test/capture-client/sources/webcam.test.ts',
  'test/capture-client/unreachable.test.ts',
  'test/server/api.test.ts',
  'test/server/auth/redis-sessions.test.ts',
  'test/server/camera-admin.test.ts',
  'test/server/camera-admin-recordings.test.ts',
  'test/server/downloads.test.ts',
  'test/server/cluster/cluster.test.ts',
  'test/server/cluster/cluster-recording.test.ts',
  'test/server/cluster/nginx-cluster.test.ts',
  'test/server/main.test.ts',
  'test/server/metrics.test.ts',
  'test/server/recording/camera-recorder-disconnect.test.ts',
  'test/server/recording/disk-full.test.ts',
  'test/server/recording/event-routes.test.ts',
  'test/server/recording/export.test.ts',
  'test/server/recording/kill.test.ts',
  'test/server/recording/recording.test.ts',
  'test/server/recording/webhooks/webhooks.test.ts',
  'test/server/tls.test.ts',
  'test/server/trusted-proxy.test.ts',
  'test/server/transports/http.test.ts',
  'test/server/transports/mjpeg.test.ts',
  'test/server/transports/socketio.test.ts',
  'test/server/transports/contract.test.ts',
  'test/server/transports/sse-demonstration.test.ts',
  'test/server/transports/frame-fetch/frame-fetch.test.ts',
  'test/server/transports/socketio/ws-frame-packet.test.ts',
  'test/server/transports/webrtc/ingest-leg.test.ts',
  'test/server/transports/webrtc/viewer-leg.test.ts',
  'test/server/transports/webrtc/signaling.test.ts',
  'test/dashboard/receivers/socketio/frame-fetcher.test.ts',
  'test/tools/build-capture/build.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: real servers, ffmpeg and Chromium compete for them, so keep the pool small.
    maxWorkers: 2,
    projects: [
      // One process per worker, not per file: a fresh fork for each of ~80 files cost over half the
      // unit run. Unit tests share it, so each restores what it changes (timers, globals).
      // unit-guard.ts fails a unit test that listens or starts a process: it belongs in a list above.
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...E2E, ...INTEGRATION], isolate: false, setupFiles: ['test/helpers/unit-guard.ts'] },
      },
      { extends: true, test: { name: 'integration', include: INTEGRATION, exclude: E2E } },
      { extends: true, test: { name: 'e2e', include: E2E } },
    ],
  },
});
