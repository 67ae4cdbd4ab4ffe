/** SMPTE bars, top two thirds: seven bars of a seventh each (grey, yellow, cyan, green, magenta, red, blue), as RGB. */
export const SMPTE_BARS: [number, number, number][] = [
  [192, 192, 192],
  [192, 192, 0],
  [0, 192, 192],
  [0, 192, 0],
  [192, 0, 192],
  [192, 0, 0],
  [0, 0, 192],
];
