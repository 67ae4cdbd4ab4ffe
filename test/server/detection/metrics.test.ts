/**
 * The relay's detection series in `/metrics` (#57 item 6): how many detector workers it runs and how
 * many hold a look now, read at scrape time, on a real relay and on a real two-worker detector.
 */
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { DetectionService } from '../../../server/detection/detection-service.js';
import { detectionMetrics } from '../../../server/detection/metrics.js';
import { RelayDetector } from '../../../server/detection/relay-detector.js';
import { detectModelDir } from '../../helpers/detect-model.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

/** The service as metrics reads it: its detector's workers, no cameras. */
const serviceOf = (detector: RelayDetector) =>
  ({
    detecting: () => [],
    detectorState: detector.state,
    detectorEngine: null,
    get detectorWorkers() {
      return { workers: detector.workers, busy: detector.running };
    },
    presence: { of: () => ({}) },
  }) as unknown as DetectionService;

describe('detectionMetrics', () => {
  let server: TestServer | undefined;
  let detector: RelayDetector | undefined;
  afterEach(async () => {
    await stopTestServer(server);
    await detector?.close();
    server = detector = undefined;
  });

  it('says on a relay’s /metrics how many detector workers it runs (detectWorkers) and that none is busy at rest', async () => {
    server = await startTestServer({ detectWorkers: 2 });
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: server.adminAuth })).text();
    expect(metrics).toMatch(/^camrelay_object_detector_workers 2$/m);
    expect(metrics).toMatch(/^camrelay_object_detector_busy 0$/m);
  }, 60_000);

  it('counts the workers holding a look at scrape time', async () => {
    detector = new RelayDetector({ workers: 2, modelDir: await detectModelDir(), log: () => {} });
    detector.ensure();
    await waitFor(() => detector!.state === 'ready', 'the detector is ready', 60_000);
    const registry = new Registry();
    detectionMetrics(registry, serviceOf(detector));
    const jpeg = readFileSync(new URL('../../fixtures/detect/jockey.jpg', import.meta.url));
    const looks = [detector.offer('door', jpeg), detector.offer('drive', jpeg)];
    // Scraped before either answer can arrive (a worker's reply is a later task than this scrape's promises).
    const during = await registry.metrics();
    expect(during).toMatch(/^camrelay_object_detector_workers 2$/m);
    expect(during).toMatch(/^camrelay_object_detector_busy 2$/m);
    await Promise.all(looks);
    expect(await registry.metrics()).toMatch(/^camrelay_object_detector_busy 0$/m);
  }, 90_000);
});
