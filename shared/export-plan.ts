/** What an export of a range will hold, as `GET /api/cameras/<id>/export.json` says before the clip is made (docs/recording.md#exports). */
import type { Gap } from './segments.js';

export interface ExportPlan {
  camera: string;
  /** The range asked for. */
  from: number;
  to: number;
  /** The first and last recorded moments inside it: the clip's real range. */
  recordedFrom: number;
  recordedTo: number;
  /** Recorded time in the range (ms); the clip plays about this long. */
  recordedMs: number;
  /** Every hole in the asked range, with its reason: before, inside and after the recording. */
  gaps: Gap[];
  /** The holes inside [recordedFrom, recordedTo): joined over in the clip. */
  skipped: number;
  skippedMs: number;
  /** The file's name, after the real range. */
  name: string;
}
