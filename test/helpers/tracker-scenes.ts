/**
 * Made-up detector looks for the object tracker's tests and its bench row: a person swaying in
 * place on a busy box (looks at uneven times, some late), a crowd flooding the picture. Seeded, so
 * every run sees the same looks.
 */
import type { CountedDetection } from '../../common/detect/detect-filter.js';

type Box = [number, number, number, number];

/** One look: how long after the previous one it came, and what the detector counted. */
export interface Look {
  afterMs: number;
  dets: CountedDetection[];
}

/** mulberry32: a small seeded generator, [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const person = (box: Box, score = 0.8, zones: string[] = []): CountedDetection => ({ label: 'person', tracked: 'person', score, box, zones });
export const car = (box: Box, score = 0.6, zones: string[] = []): CountedDetection => ({ label: 'car', tracked: 'vehicle', score, box, zones });

/**
 * A person 70 px wide and 180 tall swaying in place on a 1280×720 camera: the centre rocks ±30 px
 * every 1.6 s, arms widen the box to 100 px, the detector adds ±6 px and misses one look in eight.
 * Looks come every 500 ms on a quiet box; on this busy one each is late by 0-40%, and one in six
 * comes 2-3 times late.
 */
export function swayingPerson(looks: number, seed = 57): Look[] {
  const rand = seeded(seed);
  const jitter = () => (rand() - 0.5) * 12;
  const out: Look[] = [];
  let t = 0;
  for (let i = 0; i < looks; i++) {
    const late = rand() < 1 / 6 ? 2 + rand() : 1 + rand() * 0.4;
    const afterMs = Math.round(500 * late);
    t += afterMs;
    const sway = 30 * Math.sin((2 * Math.PI * t) / 1600);
    const arms = rand() < 0.3 ? 30 * rand() : 0;
    const w = 70 + arms + jitter();
    const h = 180 + jitter();
    const cx = 640 + sway + jitter();
    const bottom = 600 + jitter() / 2;
    const missed = i > 1 && rand() < 1 / 8;
    out.push({ afterMs, dets: missed ? [] : [person([cx - w / 2, bottom - h, w, h], 0.5 + rand() * 0.4)] });
  }
  return out;
}

/** `count` people standing apart in a grid, each with a few px of jitter (the CPU row's 20 objects). */
export function standingCrowd(count: number, looks: number, seed = 20): Look[] {
  const rand = seeded(seed);
  return Array.from({ length: looks }, () => ({
    afterMs: 500,
    dets: Array.from({ length: count }, (_, i) => person([(i % 10) * 120 + rand() * 4, Math.floor(i / 10) * 300 + rand() * 4, 60, 160])),
  }));
}

/** 100 boxes a look at random places and sizes: nothing repeats, so every one is a new sighting. */
export function flood(looks: number, seed = 99): Look[] {
  const rand = seeded(seed);
  return Array.from({ length: looks }, () => ({
    afterMs: 100 + Math.round(rand() * 900),
    dets: Array.from({ length: 100 }, () => person([rand() * 1200, rand() * 600, 10 + rand() * 200, 10 + rand() * 300])),
  }));
}
