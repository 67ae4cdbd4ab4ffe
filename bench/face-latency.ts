/**
 * `npm run bench -- --only=face-latency`: #58's last row, the time from a known person appearing in
 * front of a camera to the notification that names them ("Barack at door"). A relay detecting on the
 * camera (rate 2/s, on motion) with faces on, Barack enrolled from his official portrait through
 * /api/faces, a real capture client at 10 fps, a local webhook receiver with a rule for his name
 * (`names`, docs/notifications.md). He appears (another photo of him, test/fixtures/faces: the clock
 * starts at the first frame pushed with him), the relay names him, he leaves and the tracker ends him,
 * and again, ROUNDS times after a first that loads the models.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import sharp from 'sharp';
import { CaptureClient } from '../capture-client/capture-client.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../server/recording/settings.js';
import type { KnownFacesAnswer } from '../shared/faces.js';
import { getDetection, setDetection } from '../test/helpers/detection-api.js';
import { waitFor } from '../test/helpers/wait.js';
import { startTestServer, stopTestServer } from '../test/helpers/server.js';
import { login, sameOrigin } from '../test/security/helpers/session.js';
import { fetchFaceModel } from '../tools/detect-model/fetch-face-model.js';
import { fetchModel } from '../tools/detect-model/fetch-model.js';

const ROUNDS = 5;
const FPS = 10;

export interface FaceLatencyRows {
  latenciesMs: number[];
  medianMs: number;
  maxMs: number;
  /** What the notification said. */
  said: string;
  load: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const photo = (name: string) => readFileSync(new URL(`../test/fixtures/faces/${name}`, import.meta.url));

export async function runFaceLatencyRows(log: (m: string) => void): Promise<FaceLatencyRows> {
  await fetchModel();
  await fetchFaceModel();
  const him = photo('obama_congress_address_2009.jpg');
  const { width, height } = await sharp(him).metadata();
  // The empty doorway: the photo blurred to nothing a detector or face finder could take for a person.
  const empty = await sharp(him).blur(60).jpeg({ quality: 85 }).toBuffer();
  const heard: { at: number; body: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      heard.push({ at: performance.now(), body });
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/barack`;
  const s = await startTestServer({
    recording: {
      ...RECORDING_DEFAULTS,
      webhooks: [{ url, labels: ['person'], names: ['Barack'], format: 'ntfy' }],
      defaults: { ...CAMERA_DEFAULTS, mode: 'motion', format: 'jpeg' },
    },
  });
  const client = new CaptureClient({
    server: s.url,
    token: s.captureToken,
    cameraId: 'door',
    transport: 'auto',
    ackTimeoutMs: 2000,
    fps: FPS,
    onEvent: () => {},
  });
  let present = false;
  const timer = setInterval(() => client.push({ jpeg: present ? him : empty, capturedAt: Date.now() }), 1000 / FPS);
  try {
    const cookie = await login(s);
    const headers = { cookie, ...sameOrigin(s) };
    const added = (await (
      await fetch(`${s.url}/api/faces`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Barack' }),
      })
    ).json()) as KnownFacesAnswer;
    const enrolled = await fetch(`${s.url}/api/faces/${added.people[0]!.id}/photos`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'image/jpeg' },
      body: new Uint8Array(photo('obama_official_portrait_2012.jpg')),
    });
    if (enrolled.status !== 201) throw new Error(`enrolling Barack: ${enrolled.status} ${await enrolled.text()}`);
    await setDetection(s, cookie, 'door', { enabled: true, rate: 2, labels: ['person'], faces: true });
    const objects = async () => (await getDetection(s, cookie, 'door')).status.objects;
    const latenciesMs: number[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      await sleep(4000); // the empty doorway: motion ends, the background settles
      const before = heard.length;
      present = true;
      const t0 = performance.now();
      await waitFor(() => heard.length > before, `the webhook naming Barack (${width}×${height})`, 30_000);
      const ms = Math.round(heard[before]!.at - t0);
      if (round > 0) latenciesMs.push(ms);
      log(`  face-latency: round ${round}${round === 0 ? ' (first, not counted)' : ''}: ${ms} ms, "${heard[before]!.body.slice(0, 60)}"`);
      present = false;
      await waitFor(async () => !(await objects()).person, 'Barack seen gone', 30_000);
    }
    const sorted = [...latenciesMs].sort((a, b) => a - b);
    return {
      latenciesMs,
      medianMs: sorted[Math.floor(sorted.length / 2)]!,
      maxMs: sorted.at(-1)!,
      said: heard.at(-1)!.body.split(',')[0]!,
      load: Math.round(loadavg()[0]! * 100) / 100,
    };
  } finally {
    clearInterval(timer);
    client.close();
    await stopTestServer(s);
    receiver.close();
  }
}

export function renderFaceLatencyRows(r: FaceLatencyRows): string {
  return [
    '### Known faces: a known person appearing to the notification that names them (relay detects at 2/s on motion, faces on)',
    '',
    '| row | median | max | target |',
    '|---|---|---|---|',
    `| time from a known person appearing to "${r.said}" (${r.latenciesMs.length} rounds: ${r.latenciesMs.join(', ')} ms) | ${r.medianMs} ms | ${r.maxMs} ms | ≤ 2 s (#58) |`,
    '',
    `Load average ${r.load} at the end (2 cores).`,
  ].join('\n');
}
