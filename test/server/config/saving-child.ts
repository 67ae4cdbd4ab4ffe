/**
 * A child for data-file-kill.test.ts: saves eight cameras' detection settings at once through the real
 * DetectionStore, round after round, and prints `saved <round>` once a round's saves are all on disk.
 * Round r gives camera i the rate (r % 20 + 1) / 5 + i / 100, so a value names the round it came from.
 */
import { DetectionStore } from '../../../server/detection/detection-store.js';
import { DETECT_DEFAULTS } from '../../../common/detect/detect-settings.js';

const store = new DetectionStore(process.argv[2]!, (line) => console.log(`warn ${line}`));
const first = Number(process.argv[3] ?? 0);
for (let round = first; ; round++) {
  const results = await Promise.allSettled(
    Array.from({ length: 8 }, (_, i) => store.set(`cam${i}`, { ...DETECT_DEFAULTS, rate: (round % 20) / 5 + 0.2 + i / 100 })),
  );
  const failed = results.find((r) => r.status === 'rejected');
  console.log(failed ? `failed ${round} ${String(failed.reason)}` : `saved ${round}`);
}
