/**
 * `npm run bench -- --only=plates`: #58's plate row, the CPU to find and read a plate per vehicle. The
 * plate reader (common/plates/plate-reader.ts: PP-OCRv4 on onnxruntime-node, one thread) on the taxi of
 * taxis.jpg with a plate drawn on it (test/common/plates/plate-photo.ts), four plates at 0.75× to 2×
 * the photo's size, each read on the car's crop; after a warm-up read of each, 3 turns over the four.
 * The process's CPU time over the turns divided by the reads, and how many read exactly.
 */
import { loadavg } from 'node:os';
import { ocrModelFiles } from '../common/plates/ocr-models.js';
import { loadPlateReader } from '../common/plates/plate-reader.js';
import { plateText } from '../common/plates/plate-text.js';
import { platePhoto } from '../test/common/plates/plate-photo.js';

const PLATES: Array<[string, number]> = [
  ['AB 123 C', 1],
  ['AB 123 C', 2],
  ['KX-58-PT', 1],
  ['7ABC123', 1.5],
  ['MUM 42', 0.75],
];
const TURNS = 3;

export interface PlateRows {
  reads: number;
  exact: number;
  of: number;
  cpuMsPerRead: number;
  detectMs: number;
  readMs: number;
  load: number;
}

const round = (v: number) => Math.round(v * 10) / 10;

export async function runPlateRows(log: (m: string) => void): Promise<PlateRows> {
  const files = await ocrModelFiles();
  if (!files.ok) throw files.error;
  const ort = await import('onnxruntime-node');
  const reader = await loadPlateReader(files.value, ort);
  const photos = await Promise.all(PLATES.map(async ([text, scale]) => ({ want: plateText(text), photo: await platePhoto(text, scale) })));
  for (const p of photos) await reader.read(p.photo.jpeg, p.photo.car);
  log(`  plates: ${TURNS} turns of ${photos.length} vehicles…`);
  let exact = 0;
  let reads = 0;
  let detectMs = 0;
  let readMs = 0;
  const cpu = process.cpuUsage();
  for (let turn = 0; turn < TURNS; turn++) {
    for (const p of photos) {
      const { reading, timings } = await reader.read(p.photo.jpeg, p.photo.car);
      reads++;
      if (reading?.plate === p.want) exact++;
      detectMs += timings.detectMs;
      readMs += timings.readMs;
    }
  }
  const used = process.cpuUsage(cpu);
  return {
    reads,
    exact,
    of: reads,
    cpuMsPerRead: round((used.user + used.system) / 1000 / reads),
    detectMs: round(detectMs / reads),
    readMs: round(readMs / reads),
    load: Math.round(loadavg()[0]! * 100) / 100,
  };
}

export function renderPlateRows(r: PlateRows): string {
  const met = r.cpuMsPerRead <= 120 ? 'met' : '**missed**';
  return [
    "### Licence plates (#58: PP-OCRv4 on onnxruntime-node, one thread, a vehicle's crop at 416 px)",
    '',
    '| row | figure | target |',
    '|---|---|---|',
    `| plate found + read, CPU per vehicle (decode, crop, text detection, recognition) | ${r.cpuMsPerRead} ms (detection ${r.detectMs} ms, reading ${r.readMs} ms by the clock) | ≤ 120 ms: ${met} |`,
    `| plates on a real car photo read exactly (taxis.jpg, plates drawn at 0.75× to 2×) | ${r.exact} of ${r.of} | every one |`,
    '',
    `${r.reads} reads after a warm-up read of each; load average ${r.load}.`,
  ].join('\n');
}
