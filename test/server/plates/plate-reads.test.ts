/**
 * Which vehicles' plates are read and what is handed on (plate-reads.ts), with a stand-in reader: the
 * point here is the queue (one read at a time, a few per vehicle, on better views only, bounded), not
 * reading, which plates-relay.test.ts and plate-reader.test.ts do on a real photo.
 */
import { describe, expect, it } from 'vitest';
import type { PlateRead } from '../../../common/plates/plate-thread.js';
import type { EventPlate } from '../../../shared/events.js';
import { PlateReads, READS_PER_OBJECT } from '../../../server/plates/plate-reads.js';

const view = (id: number, score: number, label = 'car') => ({
  object: { id, label, tracked: 'vehicle', score, box: [0, 0, 10, 10] as [number, number, number, number], zones: [], at: 0 },
  at: 0,
  jpeg: new Uint8Array([id]) as Buffer,
});
const read = (plate: string | null, confidence = 0.9): PlateRead => ({
  reading: plate ? { raw: plate, plate, confidence, box: [0, 0, 1, 1] } : null,
  timings: { detectMs: 0, readMs: 0, pieces: 0 },
});

function reads(answers: Array<string | null>, wants = (_camera: string) => true) {
  const told: Array<[string, number, EventPlate]> = [];
  let calls = 0;
  let inFlight = 0;
  let most = 0;
  const r = new PlateReads({
    read: async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return read(answers[calls++] ?? null);
    },
    wants,
    known: () => [{ plate: 'AB-123-C', name: "Mum's car" }],
    onPlate: (camera, id, plate) => told.push([camera, id, plate]),
    onError: () => {},
  });
  return { r, told, calls: () => calls, most: () => most };
}

describe('PlateReads', () => {
  it('reads a vehicle on its better views only, a few times at most, one read at a time, and hands on the named best', async () => {
    const t = reads(['AB12', 'A8123C', 'ZZ']);
    for (const score of [0.5, 0.5, 0.6, 0.4, 0.7, 0.8, 0.9]) {
      t.r.view('lot', view(1, score));
      await t.r.idle();
    }
    expect(t.calls()).toBe(READS_PER_OBJECT);
    expect(t.most()).toBe(1);
    // The first reading, then the named one (one character off AB-123-C); ZZ, shorter and unnamed, is not better.
    expect(t.told).toEqual([
      ['lot', 1, { text: 'AB12', confidence: 0.9 }],
      ['lot', 1, { text: 'A8123C', confidence: 0.9, name: "Mum's car" }],
    ]);
  });

  it('reads no person, no bicycle, and nothing of a camera that does not read plates', async () => {
    const t = reads(['AB123C'], (camera) => camera === 'lot');
    t.r.view('lot', view(1, 0.9, 'person'));
    t.r.view('lot', view(2, 0.9, 'bicycle'));
    t.r.view('shed', view(3, 0.9));
    await t.r.idle();
    expect(t.calls()).toBe(0);
  });

  it('keeps at most eight vehicles waiting, the newest, while one is read', async () => {
    const t = reads([]);
    for (let id = 1; id <= 12; id++) t.r.view('street', view(id, 0.9));
    await t.r.idle();
    // The first went to the reader at once; of the eleven after it, the three oldest were dropped.
    expect(t.calls()).toBe(9);
    expect(t.r.counts.dropped).toBe(3);
  });
});
