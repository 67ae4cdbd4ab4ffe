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
  'test/capture-client/camera-runner.test.ts',
  'test/capture-client/edge/edge-h264.test.ts',
  'test/capture-client/edge/encoder-pick.test.ts',
  'test/capture-client/edge/h264-encoder.test.ts',
  'test/capture-client/edge/rtsp-copy.test.ts',
  'test/capture-client/edge/rtsp-copy-audio.test.ts',
  'test/capture-client/h264-feed.test.ts',
  'test/capture-client/run-h264.test.ts',
  'test/capture-client/run-h264-rungs.test.ts',
  'test/capture-client/main.test.ts',
  'test/capture-client/main-demand.test.ts',
  'test/capture-client/log-file.test.ts',
  'test/capture-client/onvif/onvif-listing.test.ts',
  'test/common/onvif/find-onvif-cameras.test.ts',
  'test/common/detect/model-files.test.ts',
  'test/common/detect/detector.test.ts',
  'test/tools/detect-model/fetch-model.test.ts',
  'test/capture-client/onvif/onvif-ptz.test.ts',
  'test/capture-client/onvif/ptz-executor.test.ts',
  'test/capture-client/run.test.ts',
  'test/capture-client/rung-makers.test.ts',
  'test/common/capture/senders/http.test.ts',
  'test/common/capture/senders/socketio.test.ts',
  'test/capture-client/senders/webrtc.test.ts',
  'test/capture-client/status-line.test.ts',
  'test/capture-client/transcode.test.ts',
  'test/capture-client/sources/camera-http.test.ts',
  'test/capture-client/sources/ffmpeg.test.ts',
  'test/capture-client/sources/ffmpeg-windows.test.ts',
  'test/capture-client/sources/kill-tree.test.ts',
  'test/capture-client/sources/list-devices.test.ts',
  'test/capture-client/sources/rtsp.test.ts',
  'test/capture-client/sources/rtsp-hop.test.ts',
  'test/capture-client/sources/mjpeg-url.test.ts',
  'test/capture-client/sources/snapshot-url.test.ts',
  'test/capture-client/sources/webcam.test.ts',
  'test/capture-client/unreachable.test.ts',
  'test/server/api/api.test.ts',
  'test/server/auth/redis-sessions.test.ts',
  'test/server/camera-admin/camera-admin.test.ts',
  'test/server/camera-admin/camera-admin-recordings.test.ts',
  'test/server/downloads/downloads.test.ts',
  'test/server/ip-cameras/discover-route.test.ts',
  'test/server/ip-cameras/ip-cameras.test.ts',
  'test/server/ip-cameras/capture-process.test.ts',
  'test/server/ip-cameras/ip-camera-audio.test.ts',
  'test/server/ip-cameras/ip-camera-restart-gap.test.ts',
  'test/server/modules/uptime-demonstration.test.ts',
  'test/server/notifications/notifications.test.ts',
  'test/server/notifications/mqtt-admin.test.ts',
  'test/server/offsite/offsite.test.ts',
  'test/server/cluster/cluster.test.ts',
  'test/server/cluster/cluster-recording.test.ts',
  'test/server/cluster/h264-bus.test.ts',
  'test/server/cluster/nginx-cluster.test.ts',
  'test/server/main.test.ts',
  'test/server/metrics.test.ts',
  'test/common/codec/sps-ffmpeg.test.ts',
  'test/server/recording/camera-recorder-disconnect.test.ts',
  'test/server/recording/pre-roll-leave.test.ts',
  'test/server/recording/copy-recording.test.ts',
  'test/server/recording/audio-recording.test.ts',
  'test/server/recording/hevc-recording.test.ts',
  'test/server/recording/disk-full.test.ts',
  'test/server/recording/event-routes.test.ts',
  'test/server/recording/export.test.ts',
  'test/server/recording/kill.test.ts',
  'test/server/recording/recording.test.ts',
  'test/server/recording/webhooks/webhooks.test.ts',
  'test/server/push/push.test.ts',
  'test/server/push/push-sender.test.ts',
  'test/server/push/push-objects.test.ts',
  'test/server/tls.test.ts',
  'test/server/trusted-proxy.test.ts',
  'test/server/transports/http.test.ts',
  'test/server/transports/socketio/capture.test.ts',
  'test/server/transports/socketio/ptz.test.ts',
  'test/server/transports/socketio/ptz-cluster.test.ts',
  'test/server/transports/socketio/live-h264.test.ts',
  'test/server/transports/socketio/unit-ingest.test.ts',
  'test/server/transports/socketio/h264-rung-ingest.test.ts',
  'test/server/transports/socketio/live-h264-rungs.test.ts',
  'test/server/transports/mjpeg.test.ts',
  'test/server/transports/socketio.test.ts',
  'test/server/transports/contract.test.ts',
  'test/server/transports/sse-demonstration.test.ts',
  'test/server/transports/frame-fetch/frame-fetch.test.ts',
  'test/server/transports/frame-fetch/h264-fetch.test.ts',
  'test/server/transports/socketio/ws-frame-packet.test.ts',
  'test/server/transports/webrtc/ingest-leg.test.ts',
  'test/server/transports/webrtc/viewer-leg.test.ts',
  'test/server/transports/webrtc/signaling.test.ts',
  'test/dashboard/receivers/socketio/frame-fetcher.test.ts',
  'test/mqtt/mqtt.test.ts',
  'test/mqtt/broker-faults.test.ts',
  'test/mqtt/last-will.test.ts',
  'test/mqtt/motion-event.test.ts',
  'test/mqtt/camera-starting.test.ts',
  'test/mqtt/object-sensors.test.ts',
  'test/tools/build-capture/build.test.ts',
];

/**
 * Docs tests that run a benchmark as printed (each starts relays, cameras, ffmpeg and Chromium on both
 * cores): a group of their own, one file at a time, after everything else, so a bench never starves
 * the timing of a browser test running beside it.
 */
const BENCH_DOCS = [
  'test/docs/detection.test.ts',
  'test/docs/performance.test.ts',
  'test/docs/recording.test.ts',
  'test/docs/recording-motion.test.ts',
  'test/docs/security-recorder.test.ts',
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
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...E2E, ...INTEGRATION],
          isolate: false,
          setupFiles: ['test/helpers/unit-guard.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'integration', include: INTEGRATION, exclude: [...E2E, ...BENCH_DOCS], sequence: { groupOrder: 0 } } },
      // No retry: a test that passes only on a second try is a defect (docs/testing.md). Browser tests get longer guards than the
      // default (a hang guard, not a timing): at load 20 on two cores healthy tests took over 120 s, and
      // waits inside them stretch with the load (test/helpers/wait.ts), so the guard around them must too.
      {
        extends: true,
        test: {
          name: 'e2e',
          include: E2E,
          testTimeout: 240_000,
          hookTimeout: 240_000,
          globalSetup: ['test/helpers/build-dashboard-once.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'bench', include: BENCH_DOCS, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
