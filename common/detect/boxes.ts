/** Box arithmetic shared by the detection filter and the object tracker; boxes are [x, y, width, height] in source pixels. */

export type Box = [number, number, number, number];

/** Intersection over union of two boxes: 1 for the same box, 0 for boxes that do not touch. */
export function iou(a: Readonly<Box>, b: Readonly<Box>): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / (a[2] * a[3] + b[2] * b[3] - w * h);
}

/** True when the centre of `box` is inside `area`. */
export function centreInside(area: Readonly<Box>, box: Readonly<Box>): boolean {
  const x = box[0] + box[2] / 2;
  const y = box[1] + box[3] / 2;
  return x >= area[0] && x <= area[0] + area[2] && y >= area[1] && y <= area[1] + area[3];
}
