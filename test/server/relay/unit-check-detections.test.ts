import { describe, expect, it } from 'vitest';
import { MAX_DETECTIONS } from '../../../common/detect/detect-filter.js';
import { checkDetections } from '../../../server/relay/unit-check.js';
import { DETECTIONS_MAX_BYTES } from '../../../shared/demand.js';

const META = { seq: 3, capturedAt: 1_700_000_000_000, width: 640, height: 480 };
const PERSON = { label: 'person', score: 0.8, box: [100, 50, 120, 300] };
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const codeOf = (r: ReturnType<typeof checkDetections>) => (r.ok ? 'ok' : r.error.code);
const messageOf = (r: ReturnType<typeof checkDetections>) => (r.ok ? '' : r.error.message);

describe('checkDetections', () => {
  it('takes a verdict whose seq rises, its boxes as fresh objects and its clock offset kept', () => {
    const sent = [PERSON, { label: 'car', score: 0.5, box: [0, 0, 640, 480], extra: 'dropped' }];
    const r = checkDetections({ ...META, clockOffset: -40, session: 's', other: 1 }, json(sent), 2);
    expect(r.ok && r.value.meta).toEqual({ ...META, clockOffset: -40 });
    expect(r.ok && r.value.detections).toEqual([PERSON, { label: 'car', score: 0.5, box: [0, 0, 640, 480] }]);
  });

  it('takes the regions a verdict looked at, at most 4 inside the frame, and refuses anything else there (#57)', () => {
    const looked = [
      [0, 0, 416, 416],
      [224, 64, 416, 416],
    ];
    const r = checkDetections({ ...META, looked }, json([PERSON]), 2);
    expect(r.ok && r.value.meta).toEqual({ ...META, looked });
    for (const bad of [[], [[0, 0, 416]], [[-1, 0, 416, 416]], [[300, 0, 416, 416]], [[0, 0, 0, 10]], Array.from({ length: 5 }, () => [0, 0, 10, 10]), 'all']) {
      const refused = checkDetections({ ...META, looked: bad }, json([PERSON]), 2);
      expect(codeOf(refused)).toBe('BAD_DETECTIONS');
      expect(messageOf(refused)).toContain('looked');
    }
  });

  it('takes an empty verdict: the detector looked and saw nothing', () => {
    const r = checkDetections(META, json([]), -1);
    expect(r.ok && r.value.detections).toEqual([]);
  });

  it('refuses bytes over 16 KiB with DETECTIONS_TOO_LARGE before it looks at the meta or parses them', () => {
    // Not JSON and no meta at all: the size alone decides.
    expect(codeOf(checkDetections(null, Buffer.alloc(DETECTIONS_MAX_BYTES + 1, 0x7b), -1))).toBe('DETECTIONS_TOO_LARGE');
  });

  it('refuses bytes that are not binary, empty, not UTF-8 or not JSON with BAD_DETECTIONS', () => {
    expect(codeOf(checkDetections(META, JSON.stringify([PERSON]), -1))).toBe('BAD_DETECTIONS');
    expect(codeOf(checkDetections(META, Buffer.alloc(0), -1))).toBe('BAD_DETECTIONS');
    expect(messageOf(checkDetections(META, Buffer.from([0x5b, 0xff, 0x5d]), -1))).toContain('is not UTF-8 JSON');
    expect(messageOf(checkDetections(META, Buffer.from('[{"label":'), -1))).toContain('is not UTF-8 JSON');
    expect(messageOf(checkDetections(META, json({ detections: [] }), -1))).toContain('must be a JSON array');
  });

  it('refuses more than MAX_DETECTIONS detections before it reads any of them', () => {
    // Each entry malformed: had any been read, the fault would name it instead of the count.
    const r = checkDetections(META, json(Array.from({ length: MAX_DETECTIONS + 1 }, () => 0)), -1);
    expect(codeOf(r)).toBe('BAD_DETECTIONS');
    expect(messageOf(r)).toContain(`has ${MAX_DETECTIONS + 1} detections; at most ${MAX_DETECTIONS}`);
  });

  it('refuses meta without the frame size, a seq or a capture time', () => {
    for (const bad of [
      { ...META, width: 0 },
      { ...META, height: 9000 },
      { ...META, seq: -1 },
      { ...META, seq: 1.5 },
      { ...META, capturedAt: 'now' },
      { ...META, clockOffset: Infinity },
      { ...META, session: 'x'.repeat(65) },
      [],
    ])
      expect(codeOf(checkDetections(bad, json([]), -1))).toBe('BAD_DETECTIONS');
  });

  it('refuses a seq that does not rise, saying which came after which', () => {
    const r = checkDetections(META, json([]), 3);
    expect(codeOf(r)).toBe('BAD_DETECTIONS');
    expect(messageOf(r)).toContain('seq must rise: 3 came after 3');
  });

  it('refuses a detection that is not one the decoder makes, naming it', () => {
    const cases: Array<[unknown, string]> = [
      [{ ...PERSON, label: 'fox' }, 'detection 1 has no COCO label'],
      [{ ...PERSON, score: 1.5 }, 'detection 1 needs a score from 0 to 1'],
      [{ ...PERSON, score: null }, 'detection 1 needs a score from 0 to 1'],
      [{ ...PERSON, box: [1, 2, 3] }, 'detection 1 needs a box of 4 numbers'],
      [{ ...PERSON, box: [1, 2, 3, '4'] }, 'detection 1 needs a box of 4 numbers'],
      [{ ...PERSON, box: [1, 2, 0, 4] }, 'detection 1 needs a box of positive width and height'],
      [{ ...PERSON, box: [600, 0, 100, 100] }, 'detection 1 has a box outside the 640×480 frame'],
      [{ ...PERSON, box: [-5, 0, 10, 10] }, 'detection 1 has a box outside the 640×480 frame'],
      ['person', 'detection 1 is not an object'],
    ];
    for (const [bad, words] of cases) {
      const r = checkDetections(META, json([PERSON, bad]), -1);
      expect(codeOf(r)).toBe('BAD_DETECTIONS');
      expect(messageOf(r)).toContain(words);
    }
  });

  it('takes a box that reaches a pixel past the edge, as the decoder’s rounding makes', () => {
    expect(codeOf(checkDetections(META, json([{ ...PERSON, box: [321, 0, 320, 481] }]), -1))).toBe('ok');
  });
});
