export const MB = 1024 * 1024;

/** Bytes of frames held in memory, under a cap: one per camera and one shared by all cameras. */
export class ByteBudget {
  used = 0;

  constructor(
    /** Most bytes held at once. */
    readonly limit: number,
    /** The budget over all cameras this one also draws from, if any. */
    private readonly shared: ByteBudget | null = null,
  ) {}

  /** Which cap a frame of `bytes` would break, or null when it fits (and is then counted). */
  take(bytes: number): 'camera' | 'all' | null {
    if (this.used + bytes > this.limit) return 'camera';
    if (this.shared && this.shared.take(bytes) !== null) return 'all';
    this.used += bytes;
    return null;
  }

  give(bytes: number): void {
    this.used -= bytes;
    this.shared?.give(bytes);
  }
}

/** The byte caps of one kind of frames held (pre-roll, queue): per camera, and the budget all cameras share. */
export interface MemoryCap {
  cameraMb: number;
  all: ByteBudget;
}

/** A camera's own budget under `cap`. */
export const cameraBudget = (cap: MemoryCap): ByteBudget => new ByteBudget(cap.cameraMb * MB, cap.all);

/** Caps from the settings' numbers, each with a new shared budget. */
export function memoryCaps(o: { preRollMb: number; preRollTotalMb: number; queueMb: number; queueTotalMb: number }): Record<'preRoll' | 'queue', MemoryCap> {
  return {
    preRoll: { cameraMb: o.preRollMb, all: new ByteBudget(o.preRollTotalMb * MB) },
    queue: { cameraMb: o.queueMb, all: new ByteBudget(o.queueTotalMb * MB) },
  };
}
