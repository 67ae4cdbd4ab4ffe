/**
 * PP-OCR's recogniser output to text (#58): per time step a probability for each of the dictionary's
 * characters, index 0 the CTC blank and the last a space (PaddleOCR's `use_space_char`). Greedy CTC:
 * the best index per step, runs of one index taken once, blanks dropped. Pure.
 */

export interface Decoded {
  text: string;
  /** The mean of the chosen characters' probabilities, 0-1 (0 when nothing was read). */
  confidence: number;
  /** Each character's own probability, in order. */
  scores: number[];
}

/** `probs` is [steps × classes] row-major; `dictionary` the characters of indexes 1…n (a space follows them). */
export function ctcDecode(probs: Float32Array, steps: number, classes: number, dictionary: readonly string[]): Decoded {
  let text = '';
  const scores: number[] = [];
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestP = -Infinity;
    const row = t * classes;
    for (let c = 0; c < classes; c++) {
      const p = probs[row + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      text += best <= dictionary.length ? dictionary[best - 1]! : ' ';
      scores.push(bestP);
    }
    previous = best;
  }
  const confidence = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0;
  return { text, confidence, scores };
}
