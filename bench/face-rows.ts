/**
 * `npm run bench -- --only=faces`: #58's face row, the CPU to find a face on a person and embed it,
 * from a decoded picture (prepare-input.ts's decodePicture): BlazeFace on the person's box (crop, fit to
 * 256 px, inference, boxes), the face cut out as dlib's chip, and the embedding network; both models
 * on onnxruntime-node with one thread. The girl of dog-human.jpg, after a warm-up, 10 turns; the
 * process's CPU time over the turns divided by the faces. The decode, which the relay's face thread pays
 * once more per face look (the detector's worker decoded the frame for its own look), is timed apart.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Box } from '../common/detect/boxes.js';
import { decodePicture } from '../common/detect/prepare-input.js';
import { loadFaceEmbedder } from '../common/faces/face-embedder.js';
import { loadFaceFinder } from '../common/faces/face-finder.js';
import { checkEmbedModel, checkFaceModel, defaultFaceModelDir } from '../common/faces/face-model-files.js';
import { fetchFaceModel } from '../tools/detect-model/fetch-face-model.js';

const GIRL: Box = [75, 125, 337, 710];
const TURNS = 10;

export interface FaceRows {
  cpuMsPerFace: number;
  findMs: number;
  embedMs: number;
  decodeCpuMs: number;
  found: number;
  of: number;
  load: number;
}

const round = (v: number) => Math.round(v * 10) / 10;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

export async function runFaceRows(log: (m: string) => void): Promise<FaceRows> {
  // As npm run detect:model fetches them, when this machine has not run it since faces landed.
  await fetchFaceModel();
  const dir = defaultFaceModelDir();
  const [finderModel, embedModel] = [checkFaceModel(dir), checkEmbedModel(dir)];
  if (!finderModel.ok) throw finderModel.error;
  if (!embedModel.ok) throw embedModel.error;
  const ort = await import('onnxruntime-node');
  const finder = await loadFaceFinder(finderModel.value, ort);
  const embedder = await loadFaceEmbedder(embedModel.value, ort);
  const jpeg = readFileSync(new URL('../test/fixtures/detect/dog-human.jpg', import.meta.url));
  const decoded = await decodePicture(jpeg);
  if (!decoded.ok) throw decoded.error;
  const picture = decoded.value;
  const look = async () => {
    const { faces, ms } = await finder.find(picture, GIRL);
    const embedded = faces.length === 1 ? await embedder.embed(picture, faces[0]!) : null;
    return { found: embedded !== null, findMs: ms, embedMs: embedded?.ms ?? 0 };
  };
  await look();
  log(`  faces: ${TURNS} turns of finding and embedding the face on a person's box…`);
  let [found, findMs, embedMs] = [0, 0, 0];
  const cpu = process.cpuUsage();
  for (let i = 0; i < TURNS; i++) {
    const r = await look();
    if (r.found) found++;
    findMs += r.findMs;
    embedMs += r.embedMs;
  }
  const cpuMsPerFace = round(cpuMs(cpu) / TURNS);
  const decodeCpu = process.cpuUsage();
  for (let i = 0; i < TURNS; i++) await decodePicture(jpeg);
  return {
    cpuMsPerFace,
    findMs: round(findMs / TURNS),
    embedMs: round(embedMs / TURNS),
    decodeCpuMs: round(cpuMs(decodeCpu) / TURNS),
    found,
    of: TURNS,
    load: Math.round(loadavg()[0]! * 100) / 100,
  };
}

export function renderFaceRows(r: FaceRows): string {
  return [
    '### Faces (#58: BlazeFace and the dlib embedding on onnxruntime-node, one thread)',
    '',
    '| row | figure | target |',
    '|---|---|---|',
    `| face found + embedded, CPU per face (on a person's box of a decoded picture) | ${r.cpuMsPerFace} ms (inference by the clock: finding ${r.findMs} ms, embedding ${r.embedMs} ms) | ≤ 30 ms |`,
    `| decoding the 640×962 JPEG, CPU (on the relay the face thread decodes the person's frame itself, once per face look) | ${r.decodeCpuMs} ms | (for the record) |`,
    `| the one face of the photo found and embedded | ${r.found} of ${r.of} | every one |`,
    '',
    `${r.of} looks after a warm-up; load average ${r.load}.`,
  ].join('\n');
}
