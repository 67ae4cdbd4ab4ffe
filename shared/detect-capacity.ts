/**
 * What object detection does and can do (#57 item 6), as `GET /api/detection/capacity` answers it and the
 * per-camera `GET /api/cameras/:cameraId/detection` carries in `looks` (docs/detection.md#capacity).
 */
import type { EngineName } from '../common/detect/engine.js';

/**
 * Why a camera's turn to be looked at was skipped while its previous look was still out: more cameras had looks out than
 * there are workers (`workers_busy`), or its own look takes longer than the time between its looks (`slow_look`).
 */
export type SkipReason = 'slow_look' | 'workers_busy';

/** One camera's looks over the last `overS` seconds (at most a minute). */
export interface LookRates {
  overS: number;
  /** Looks done per second. */
  looksPerS: number;
  /** Looks skipped per second, by why. */
  skippedPerS: Record<SkipReason, number>;
  /** The mean time a worker spent on one of its looks (prepare, inference, boxes), ms; null with no relay look in the window. */
  msPerLook: number | null;
  /** Regions looked at per look (1 for a look at the whole picture); null with no relay look in the window. */
  regionsPerLook: number | null;
  /** The camera's look in words: "1.9 looks a second over the last minute, none skipped, 34 ms a look, 1.5 regions a look". */
  text: string;
}

/** What a camera's detection answer carries beside its settings and status: its looks (null when it does not detect). */
export interface DetectCameraLooks {
  looks: LookRates | null;
}

/** What this relay's detector can do against what its detecting cameras ask. */
export interface DetectCapacity {
  /** Looks a second the workers can do: workers × 1000 / msPerLook. */
  looksPerS: number;
  workers: number;
  /** One look's time on the engine that runs: measured on its recent looks, or the benchmark's figure until then. */
  msPerLook: number;
  source: 'looks' | 'bench';
  /** Null until the detector has started (the figure is then tfjs-wasm's, the slower). */
  engine: EngineName | null;
  /** Cameras that detect on this relay (not by their capture side), and the looks a second they ask while motion lasts. */
  cameras: number;
  demandPerS: number;
  /** "This PC can look at 20 frames a second: enough for 8 cameras at 2 a second (onnxruntime-node, 1 worker, …)." */
  text: string;
  /** Set when the cameras ask for more than the workers can do: what will happen and what to change. */
  warning: string | null;
}
