/**
 * What a clip will hold, in words, from the relay's `export.json`: said before the download, so
 * that a range with gaps is not taken for a shorter clip than asked without a word.
 */
import type { ExportPlan } from '../../../shared/export-plan.js';
import { clockTime, gapWords } from './time.js';

/** `78.5 s`, `2 min 5 s`, `1 h 4 min`: seconds and their tenths under two minutes, where a short gap shows. */
export function seconds(ms: number): string {
  const tenths = Math.round(ms / 100);
  if (tenths < 1200) return `${tenths / 10} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** True when the clip holds the whole range asked: nothing to say before downloading it. */
export function complete(plan: ExportPlan): boolean {
  return plan.gaps.length === 0;
}

/**
 * `110 s asked: 78.5 s recorded, 2 gaps skipped (camera offline 31.5 s). The clip runs 14:03:22–14:05:12.`
 * The gaps' time is summed by reason, in the order they first come.
 */
export function exportSummary(plan: ExportPlan): string {
  const byReason = new Map<string, number>();
  for (const g of plan.gaps) byReason.set(g.reason, (byReason.get(g.reason) ?? 0) + g.end - g.start);
  const reasons = [...byReason].map(([reason, ms]) => `${gapWords(reason)} ${seconds(ms)}`).join(', ');
  const n = plan.gaps.length;
  const gaps = n === 0 ? '' : `, ${n} ${n === 1 ? 'gap' : 'gaps'} skipped (${reasons})`;
  return `${seconds(plan.to - plan.from)} asked: ${seconds(plan.recordedMs)} recorded${gaps}. The clip runs ${clockTime(plan.recordedFrom)}–${clockTime(plan.recordedTo)}.`;
}
