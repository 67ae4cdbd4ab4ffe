/**
 * `npm run bench -- --only=faces`: #58's face row as far as it is built, the CPU to find a face on a
 * person. The face finder (common/faces/face-finder.ts: BlazeFace on onnxruntime-node, one thread) on
 * the girl of dog-human.jpg, on her person box as the relay would look (and on the whole picture, for
 * comparison); after a warm-up, 10 turns. The process's CPU time over the turns divided by the looks.
 * The embedding half of the row ("found + embedded ≤ 30 ms") is not built yet and says so.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Box } from '../common/detect/boxes.js';
import { checkFaceModel, defaultFaceModelDir } from '../common/faces/face-model-files.js';
import { loadFaceFinder } from '../common/faces/face-finder.js';
import { fetchFaceModel } from '../tools/detect-model/fetch-face-model.js';

const GIRL: Box = [75, 125, 337, 710];
const TURNS = 10;

export interface FaceRows {
  cpuMsPerPerson: number;
  cpuMsWhole: number;
  inferMs: number;
  found: number;
  of: number;
  load: number;
}

const round = (v: number) => Math.round(v * 10) / 10;

export async function runFaceRows(log: (m: string) => void): Promise<FaceRows> {
  // As npm run detect:model fetches it, when this machine has not run it yet.
  await fetchFaceModel();
  const model = checkFaceModel(defaultFaceModelDir());
  if (!model.ok) throw model.error;
  const ort = await import('onnxruntime-node');
  const finder = await loadFaceFinder(model.value, ort);
  const jpeg = readFileSync(new URL('../test/fixtures/detect/dog-human.jpg', import.meta.url));
  await finder.find(jpeg, GIRL);
  await finder.find(jpeg);
  log(`  faces: ${TURNS} turns on a person's box and on the whole picture…`);
  const timed = async (crop?: Box) => {
    let found = 0;
    let infer = 0;
    const cpu = process.cpuUsage();
    for (let i = 0; i < TURNS; i++) {
      const { faces, ms } = await finder.find(jpeg, crop);
      if (faces.length === 1) found++;
      infer += ms;
    }
    const used = process.cpuUsage(cpu);
    return { found, cpuMs: round((used.user + used.system) / 1000 / TURNS), inferMs: round(infer / TURNS) };
  };
  const person = await timed(GIRL);
  const whole = await timed();
  return {
    cpuMsPerPerson: person.cpuMs,
    cpuMsWhole: whole.cpuMs,
    inferMs: person.inferMs,
    found: person.found + whole.found,
    of: 2 * TURNS,
    load: Math.round(loadavg()[0]! * 100) / 100,
  };
}

export function renderFaceRows(r: FaceRows): string {
  return [
    '### Faces (#58: BlazeFace on onnxruntime-node, one thread; the embedding is not built yet)',
    '',
    '| row | figure | target |',
    '|---|---|---|',
    `| face found on a person's box, CPU per person (decode, crop, fit to 256 px, inference, boxes) | ${r.cpuMsPerPerson} ms (inference ${r.inferMs} ms by the clock) | found + embedded ≤ 30 ms: the embedding is not built |`,
    `| face found on the whole 640×962 picture, CPU | ${r.cpuMsWhole} ms | (comparison) |`,
    `| the one face of the photo found | ${r.found} of ${r.of} | every one |`,
    '',
    `${r.of} looks after a warm-up; load average ${r.load}.`,
  ].join('\n');
}
