/**
 * Object detection as the API shows it (docs/detection.md): `GET /api/cameras/:cameraId/detection`
 * answers a DetectionAnswer; `PUT` the same path takes a change of the settings (keys left out keep
 * theirs) and answers the same, or 400 BAD_DETECT_SETTINGS naming the field. Admins only.
 */
import type { DetectSettings } from '../common/detect/detect-settings.js';
import type { EngineName } from '../common/detect/engine.js';

export type { DetectSettings, Zone, ZonePoint, LabelFilter, TrackedName } from '../common/detect/detect-settings.js';
export type { EngineName } from '../common/detect/engine.js';

/** The relay's detector: `off` until a camera detects on the relay, `failed` with `error` when its model is missing or corrupt. */
export type DetectorState = 'off' | 'starting' | 'ready' | 'restarting' | 'failed';

export interface DetectionStatus {
  detector: DetectorState;
  /** Why the detector does not work now (DETECT_MODEL_MISSING…), with what to do, or null. */
  error: { code: string; message: string } | null;
  /** What runs the relay's model: onnxruntime-node, or tfjs-wasm when it fell back; null until the detector has started. */
  engine?: EngineName | null;
  /** Why the engine is tfjs-wasm (onnxruntime-node did not load, nanodet.onnx missing…), else null. */
  fallbackReason?: string | null;
  /** Where this camera's frames are detected: on the relay, or by its capture side, which sends the verdicts. */
  where: 'relay' | 'camera';
  /** Whether the camera detects motion (Recording settings): detection runs only while motion lasts. */
  motion: boolean;
  /** Frames detected, skipped (the detector was busy: a newer frame took the turn) and failed, since the relay started. */
  counts: { detected: number; skipped: number; failed: number };
  /** What `rate` costs while motion lasts, in % of one CPU core (the engine's CPU per look, docs/detection.md). */
  costPercent: number;
  /** Objects seen now, per followed name. */
  objects: Record<string, number>;
}

export interface DetectionAnswer {
  settings: DetectSettings;
  status: DetectionStatus;
}
