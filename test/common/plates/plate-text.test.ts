import { describe, expect, it } from 'vitest';
import { ctcDecode } from '../../../common/plates/ctc-decode.js';
import { editDistance, matchPlate, plateText } from '../../../common/plates/plate-text.js';
import { textBoxes } from '../../../common/plates/text-boxes.js';

describe('plateText and matchPlate', () => {
  it('keeps the characters plates use, upper-cased, without spaces, dashes or dots', () => {
    expect(plateText('ab-123 c')).toBe('AB123C');
    expect(plateText(' 京A·12345 ')).toBe('A12345');
    expect(plateText('----')).toBe('');
    expect(plateText('X'.repeat(40))).toHaveLength(12);
  });
  it('names a known plate read exactly or within one character, and nothing further off', () => {
    const known = [
      { plate: 'AB-123-C', name: "Mum's car" },
      { plate: 'XY-987-Z', name: 'Van' },
    ];
    expect(matchPlate('AB 123 C', known)?.name).toBe("Mum's car");
    expect(matchPlate('A8123C', known)?.name).toBe("Mum's car"); // B read as 8
    expect(matchPlate('AB123', known)?.name).toBe("Mum's car"); // one missed
    expect(matchPlate('AB1234C', known)?.name).toBe("Mum's car"); // one too many
    expect(matchPlate('A81Z3C', known)).toBeNull();
    expect(matchPlate('XY987Z', known)?.name).toBe('Van');
    expect(matchPlate('A', known)).toBeNull();
  });
  it('counts edits, giving up past the limit', () => {
    expect(editDistance('KITTEN', 'SITTING', 5)).toBe(3);
    expect(editDistance('ABCDEF', 'UVWXYZ', 1)).toBe(2);
    expect(editDistance('AB', 'ABCDE', 1)).toBe(2);
  });
});

describe('ctcDecode', () => {
  it('takes the best character per step once per run, drops blanks, and averages their probabilities', () => {
    const dictionary = ['A', 'B', '1'];
    // 5 classes: blank, A, B, 1, space. Steps: A A blank A B space 1.
    const steps = [1, 1, 0, 1, 2, 4, 3];
    const probs = new Float32Array(steps.length * 5);
    steps.forEach((c, t) => {
      probs.fill(0.05, t * 5, t * 5 + 5);
      probs[t * 5 + c] = 0.8;
    });
    const d = ctcDecode(probs, steps.length, 5, dictionary);
    expect(d.text).toBe('AAB 1');
    expect(d.scores).toHaveLength(5);
    expect(d.confidence).toBeCloseTo(0.8, 5);
    expect(ctcDecode(new Float32Array(10), 2, 5, dictionary)).toEqual({ text: '', confidence: 0, scores: [] });
  });
});

describe('textBoxes', () => {
  it('joins the pixels above the threshold into boxes, grown back by the unclip ratio, and drops faint or thin ones', () => {
    const w = 40;
    const h = 20;
    const map = new Float32Array(w * h);
    const fill = (x0: number, y0: number, x1: number, y1: number, p: number) => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) map[y * w + x] = p;
    };
    fill(5, 5, 25, 11, 0.9); // a word, 20×6
    fill(30, 2, 38, 4, 0.35); // faint: mean under 0.6
    fill(30, 12, 31, 18, 0.95); // one pixel wide
    const boxes = textBoxes(map, w, h);
    expect(boxes).toHaveLength(1);
    // Grown by 20·6·1.5 / (2·26) ≈ 3.46 on every side.
    expect(boxes[0]!.box).toEqual([1, 1, 28, 14]);
    expect(boxes[0]!.score).toBeCloseTo(0.9, 5);
  });
});
