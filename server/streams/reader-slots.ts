/**
 * The places of one stream door (stream.mp4, RTSP) per camera and per reader, a stream token or an account (#55):
 * one token may hold at most half of a camera's places, so a single leaked or misconfigured token cannot
 * shut the camera's other readers out. Pure code: a place is taken when a reader opens and given back when it ends.
 */

export const READER_SLOT_LIMITS = {
  /** Readers of one camera at most, as RTSP's default per camera. */
  perCamera: 16,
  /** Readers on one token (or account) of one camera at most: an NVR reads a camera once or twice. */
  perReader: 8,
};

/** A place taken (`release` gives it back; twice is harmless), or which bound refused it. */
export type Slot = { ok: true; release: () => void } | { ok: false; full: 'camera' | 'reader' };

export class ReaderSlots {
  private readonly o: typeof READER_SLOT_LIMITS;
  private readonly byCamera = new Map<string, number>();
  private readonly byReader = new Map<string, number>();

  constructor(limits: Partial<typeof READER_SLOT_LIMITS> = {}) {
    this.o = { ...READER_SLOT_LIMITS, ...limits };
  }

  /** A place for `reader` (e.g. `token:<id>`, `user:<name>`) on `cameraId`. */
  take(cameraId: string, reader: string): Slot {
    const key = `${cameraId}\n${reader}`;
    if ((this.byCamera.get(cameraId) ?? 0) >= this.o.perCamera) return { ok: false, full: 'camera' };
    if ((this.byReader.get(key) ?? 0) >= this.o.perReader) return { ok: false, full: 'reader' };
    bump(this.byCamera, cameraId, 1);
    bump(this.byReader, key, 1);
    let held = true;
    return {
      ok: true,
      release: () => {
        if (!held) return;
        held = false;
        bump(this.byCamera, cameraId, -1);
        bump(this.byReader, key, -1);
      },
    };
  }

  /** Places held on `cameraId` now. */
  held(cameraId: string): number {
    return this.byCamera.get(cameraId) ?? 0;
  }
}

/** Adds `by` to a count, forgetting it at zero so the maps hold only what is open. */
function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}
