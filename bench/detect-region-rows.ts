/**
 * `npm run bench -- --only=detect-regions`: #57 item 2's cost of looking at regions rather than the
 * whole picture. One onnxruntime-node worker (one core) on test/common/detect/small-person.ts's
 * 1280×720 street with a person 65 px tall: the whole picture, then 1, 2 and 4 regions of 416×416
 * (the first around her), taking turns (8 frames each, 3 turns) so a change in the box's load falls
 * on all; CPU time per look (JPEG decode, crops, inference, boxes, merge) and whether she was found.
 */
import { loadavg } from 'node:os';
import type { Box } from '../common/detect/boxes.js';
import { iou } from '../common/detect/boxes.js';
import { Detector } from '../common/detect/detector.js';
import { smallPersonFrame } from '../test/common/detect/small-person.js';
import { fetchModel } from '../tools/detect-model/fetch-model.js';

const WARMUP = 2;
const TURNS = 3;
const PER_TURN = 8;

export interface RegionLane {
  /** 0: the whole picture. */
  regions: number;
  frames: number;
  cpuMsPerLook: number;
  /** The same over the whole picture's (1 = as costly). */
  ofWhole: number;
  inferMsPerLook: number;
  /** Her box was among the looks' boxes (IoU > 0.5) on every look. */
  found: boolean;
}

export interface DetectRegionRows {
  engine: string;
  lanes: RegionLane[];
  load: number;
}

const round = (v: number) => Math.round(v * 10) / 10;

/** `n` regions of 416×416 on 1280×720, the first around the person at `person`, the others spread over the picture. */
function regionsOf(n: number, person: Box): Box[] {
  const around: Box = [Math.min(864, Math.max(0, person[0] - 192)), Math.min(304, Math.max(0, person[1] - 176)), 416, 416];
  const others: Box[] = [
    [0, 0, 416, 416],
    [432, 304, 416, 416],
    [0, 304, 416, 416],
  ];
  return [around, ...others].slice(0, n);
}

export async function runDetectRegionRows(log: (m: string) => void): Promise<DetectRegionRows> {
  const { dir } = await fetchModel();
  const frame = await smallPersonFrame();
  const detector = new Detector({ modelDir: dir, log });
  try {
    const started = await detector.start();
    log(`  detect-regions: ${started.engine} loaded in ${Math.round(started.loadMs)} ms`);
    const lanes = [0, 1, 2, 4].map((n) => ({ n, regions: n === 0 ? undefined : regionsOf(n, frame.person), cpuMs: 0, inferMs: 0, frames: 0, found: true }));
    for (const lane of lanes) for (let i = 0; i < WARMUP; i++) await detector.detect(frame.jpeg, lane.regions);
    log(`  detect-regions: ${TURNS} turns of ${PER_TURN} looks per lane…`);
    for (let turn = 0; turn < TURNS; turn++) {
      for (const lane of lanes) {
        // Only this lane's looks run now: the process's CPU in the turn is theirs.
        const cpu = process.cpuUsage();
        for (let i = 0; i < PER_TURN; i++) {
          const outcome = await detector.detect(frame.jpeg, lane.regions);
          lane.inferMs += outcome.timings.inferMs;
          lane.found &&= outcome.detections.some((d) => d.label === 'person' && iou(d.box, frame.person) > 0.5);
          lane.frames++;
        }
        const used = process.cpuUsage(cpu);
        lane.cpuMs += (used.user + used.system) / 1000;
      }
    }
    const whole = lanes[0]!.cpuMs / lanes[0]!.frames;
    return {
      engine: started.engine,
      lanes: lanes.map((l) => ({
        regions: l.n,
        frames: l.frames,
        cpuMsPerLook: round(l.cpuMs / l.frames),
        ofWhole: Math.round((l.cpuMs / l.frames / whole) * 100) / 100,
        inferMsPerLook: round(l.inferMs / l.frames),
        found: l.found,
      })),
      load: Math.round(loadavg()[0]! * 100) / 100,
    };
  } finally {
    await detector.close();
  }
}

export function renderDetectRegionRows(r: DetectRegionRows): string {
  const name = (l: RegionLane) => (l.regions === 0 ? 'whole picture (scaled to 416×416)' : `${l.regions} region${l.regions > 1 ? 's' : ''} of 416×416`);
  return [
    `### Object detection at regions (${r.engine}, one worker = one core, 1280×720 with a person 65 px tall)`,
    '',
    '| look | CPU per look | × the whole picture’s | inference per look (clock) | the person found |',
    '|---|---|---|---|---|',
    ...r.lanes.map((l) => `| ${name(l)} | ${l.cpuMsPerLook} ms | ${l.ofWhole}× | ${l.inferMsPerLook} ms | ${l.found ? 'yes' : 'no'} |`),
    '',
    `${r.lanes[0]!.frames} looks per lane after warm-up, in turns of ${PER_TURN}; load average ${r.load}.`,
  ].join('\n');
}
