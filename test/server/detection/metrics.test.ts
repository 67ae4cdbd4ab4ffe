/**
 * The relay's detection series in `/metrics` (#57 item 6): how many detector workers it runs and how
 * many hold a look now, read at scrape time, on a real relay and on a real two-worker detector; and a
 * camera's looks a second, worker time and the relay's capacity after real looks at a person walking.
 */
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { DetectionService } from '../../../server/detection/detection-service.js';
import { detectionMetrics } from '../../../server/detection/metrics.js';
import { RelayDetector } from '../../../server/detection/relay-detector.js';
import { CaptureClient } from '../../../capture-client/capture-client.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import type { DetectCapacity, LookRates } from '../../../shared/detect-capacity.js';
import { setDetection } from '../../helpers/detection-api.js';
import { detectModelDir } from '../../helpers/detect-model.js';
import { sceneBackground, scenePerson, withPerson } from '../../helpers/detect-scene.js';
import { login } from '../../security/helpers/session.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

/** The service as metrics reads it: its detector's workers, no cameras. */
const serviceOf = (detector: RelayDetector) =>
  ({
    detecting: () => [],
    detectorState: detector.state,
    detectorEngine: null,
    looks: () => null,
    capacity: () => ({ looksPerS: 6.7, demandPerS: 0 }),
    get detectorWorkers() {
      return { workers: detector.workers, busy: detector.running };
    },
    presence: { of: () => ({}) },
  }) as unknown as DetectionService;

describe('detectionMetrics', () => {
  let server: TestServer | undefined;
  let detector: RelayDetector | undefined;
  let client: CaptureClient | undefined;
  let timer: NodeJS.Timeout | undefined;
  afterEach(async () => {
    clearInterval(timer);
    client?.close();
    await stopTestServer(server);
    await detector?.close();
    server = detector = client = timer = undefined;
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

  it('states a camera’s looks a second and worker time after real looks, in its detection answer and /metrics, and the relay’s capacity', async () => {
    await detectModelDir();
    const s = (server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'motion', format: 'jpeg' } } }));
    const cookie = await login(s);
    expect(await setDetection(s, cookie, 'door', { enabled: true, rate: 2, labels: ['person'] })).toBe(200);
    // A person walking to and fro across a still scene: motion lasts, so the detector looks at up to 2 frames a second.
    const [bg, person] = await Promise.all([sceneBackground(), scenePerson()]);
    client = new CaptureClient({ server: s.url, token: s.captureToken, cameraId: 'door', transport: 'auto', ackTimeoutMs: 2000, fps: 5, onEvent: () => {} });
    let step = 0;
    let sending = false;
    timer = setInterval(() => {
      if (sending) return;
      sending = true;
      const left = 100 + Math.abs(((step += 8) % 320) - 160);
      void withPerson(bg, person, left)
        .then((jpeg) => client?.push({ jpeg, capturedAt: Date.now() }))
        .finally(() => (sending = false));
    }, 200);
    const answer = async () => (await (await fetch(`${s.url}/api/cameras/door/detection`, { headers: { cookie } })).json()) as { looks: LookRates | null };
    const looks = await waitFor(
      async () => {
        const l = (await answer()).looks;
        return l && l.looksPerS > 0 && l.msPerLook !== null ? l : null;
      },
      'a camera’s looks a second with a worker time',
      90_000,
      250,
    );
    expect(looks.msPerLook).toBeGreaterThan(0);
    expect(looks.regionsPerLook).toBeGreaterThanOrEqual(1);
    expect(looks.text).toMatch(/^[\d.]+ looks a second over the last \d+ seconds?, .* ms a look/);
    const metrics = await (await fetch(`${s.url}/metrics`, { headers: s.adminAuth })).text();
    expect(metrics).toMatch(/^camrelay_object_looks_per_second\{camera="door"\} [\d.]+$/m);
    expect(metrics).toMatch(/^camrelay_object_looks_skipped_per_second\{camera="door",reason="workers_busy"\} [\d.]+$/m);
    expect(metrics).toMatch(/^camrelay_object_look_ms\{camera="door"\} [\d.]+$/m);
    expect(metrics).toMatch(/^camrelay_object_look_regions\{camera="door"\} [\d.]+$/m);
    expect(metrics).toMatch(/^camrelay_object_detector_demand_looks_per_second 2$/m);
    expect(metrics).toMatch(/^camrelay_object_detector_capacity_looks_per_second [\d.]+$/m);
    // Every series docs/detection.md#capacity names is in the scrape.
    const doc = readFileSync(new URL('../../../docs/detection.md', import.meta.url), 'utf8');
    const named = [...doc.slice(doc.indexOf('## Capacity\n'), doc.indexOf('## Limits\n')).matchAll(/`(camrelay_\w+)/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThanOrEqual(6);
    for (const name of named) expect(metrics).toMatch(new RegExp(`^${name}[{ ]`, 'm'));
    const capacity = (await (await fetch(`${s.url}/api/detection/capacity`, { headers: { cookie } })).json()) as { capacity: DetectCapacity };
    expect(capacity.capacity).toMatchObject({ workers: 1, cameras: 1, demandPerS: 2 });
    expect(capacity.capacity.engine).not.toBeNull();
    expect(capacity.capacity.text).toMatch(
      /^This PC can look at [\d.]+ frames a second: .*at 2 a second \((onnxruntime-node|tfjs-wasm), 1 worker, \d+ ms a look/,
    );
  }, 120_000);
});
