/**
 * What a relay's detector can carry (#57 item 6), in figures and in the words the Admin's System page says:
 * looks a second = workers × 1000 / one look's time (measured on the engine's recent looks, else its benchmark
 * figure, common/detect/engine-cost.ts), against the looks a second the detecting cameras ask while motion lasts.
 */
import type { LookCost } from '../../common/detect/engine-cost.js';
import type { EngineName } from '../../common/detect/engine.js';
import type { DetectCapacity, LookRates } from '../../shared/detect-capacity.js';

const ENGINE_WORDS: Record<EngineName, string> = { onnxruntime: 'onnxruntime-node', 'tfjs-wasm': 'tfjs-wasm' };

export interface CapacityInput {
  workers: number;
  /** The machine's cores: the most workers the setting takes (detector-pool.ts). */
  cores: number;
  cost: LookCost;
  /** Null until the detector has started: `cost` is then tfjs-wasm's. */
  engine: EngineName | null;
  /** The rate of each camera the relay's workers detect for (enabled, not by its capture side). */
  rates: readonly number[];
  /** The rate said when no camera detects (the settings' default). */
  defaultRate: number;
  /** Over the last minute, all cameras: turns skipped a second, and a relay look's mean time (null with none). */
  recent?: { skippedPerS: number; msPerLook: number | null };
}

/** Skips a second under this are a start's cold looks or a moment's burst, not a PC that cannot keep up. */
const SKIPS_WORTH_SAYING = 0.1;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** 2 → "2", 0.5 → "0.5", 6.67 → "6.7": a rate as a person reads it. */
const figure = (n: number) => String(Math.round(n * 10) / 10);
/** Looks a second said plainly: whole above 10, one decimal below (a slow PC's 1.5 is not 1). */
const perSecond = (n: number) => (n >= 10 ? String(Math.floor(n)) : String(Math.floor(n * 10) / 10));

/** The rate most cameras ask for (the higher on a tie), which the sentence counts cameras at. */
function commonRate(rates: readonly number[], fallback: number): number {
  const counts = new Map<number, number>();
  for (const r of rates) counts.set(r, (counts.get(r) ?? 0) + 1);
  let best = fallback;
  let most = 0;
  for (const [rate, n] of counts) if (n > most || (n === most && rate > best)) [best, most] = [rate, n];
  return best;
}

/** The relay's capacity and, when its cameras ask for more, the warning with what to change. */
export function detectCapacity(i: CapacityInput): DetectCapacity {
  const looksPerS = (i.workers * 1000) / i.cost.ms;
  const rate = commonRate(i.rates, i.defaultRate);
  const fit = Math.floor(looksPerS / rate + 1e-9);
  const enough = fit === 0 ? `not enough for one camera at ${figure(rate)} a second` : `enough for ${plural(fit, 'camera')} at ${figure(rate)} a second`;
  const how =
    i.engine === null
      ? `${plural(i.workers, 'worker')}; tfjs-wasm’s benchmark figure of ${Math.round(i.cost.ms)} ms a look until the detector starts`
      : `${ENGINE_WORDS[i.engine]}, ${plural(i.workers, 'worker')}, ${Math.round(i.cost.ms)} ms a look ${i.cost.source === 'looks' ? 'measured on its looks' : 'by the benchmark'}`;
  const text = `This PC can look at ${perSecond(looksPerS)} frames a second: ${enough} (${how}).`;
  const demandPerS = i.rates.reduce((a, r) => a + r, 0);
  const fix = i.workers < i.cores ? 'Add a worker (CAMRELAY_DETECT_WORKERS) or lower a rate.' : 'Lower a rate: every core already runs a worker.';
  const recent = i.recent;
  let warning: string | null = null;
  if (demandPerS > looksPerS) {
    warning = `${plural(i.rates.length, 'camera')} ${i.rates.length === 1 ? 'asks' : 'ask'} for ${figure(demandPerS)} looks a second; this PC does about ${perSecond(looksPerS)}: some looks will be skipped. ${fix}`;
  } else if (recent && recent.skippedPerS >= SKIPS_WORTH_SAYING) {
    // Enough on paper, yet skipping: looks cost more than the quickest (more regions, or other programs hold the cores).
    const took =
      recent.msPerLook === null ? '' : `: looks took ${Math.round(recent.msPerLook)} ms on average against ${Math.round(i.cost.ms)} ms at the quickest`;
    warning = `Over the last minute ${figure2(recent.skippedPerS)} looks a second were skipped${took} (more regions a look, or other programs on the cores). ${fix}`;
  }
  return {
    looksPerS: Math.round(looksPerS * 10) / 10,
    workers: i.workers,
    msPerLook: Math.round(i.cost.ms * 10) / 10,
    source: i.cost.source,
    engine: i.engine,
    cameras: i.rates.length,
    demandPerS: Math.round(demandPerS * 100) / 100,
    text,
    warning,
  };
}

/** A camera's last minute in words: "1.9 looks a second over the last minute, 0.1 a second skipped (the workers were busy with other cameras), 34 ms a look, 1.5 regions a look". */
export function lookText(r: Omit<LookRates, 'text'>): string {
  const over = r.overS >= 60 ? 'the last minute' : `the last ${plural(r.overS, 'second')}`;
  const { slow_look: slow, workers_busy: busy } = r.skippedPerS;
  const whys = [
    slow > 0 ? `${figure2(slow)} a second skipped (a look takes longer than the time between its looks)` : null,
    busy > 0 ? `${figure2(busy)} a second skipped (the workers were busy with other cameras)` : null,
  ];
  const skipped = slow + busy > 0 ? whys.filter((w) => w !== null).join(' and ') : 'none skipped';
  const parts = [`${figure2(r.looksPerS)} looks a second over ${over}`, skipped];
  if (r.msPerLook !== null) parts.push(`${Math.round(r.msPerLook)} ms a look`);
  if (r.regionsPerLook !== null) parts.push(`${figure(r.regionsPerLook)} ${r.regionsPerLook === 1 ? 'region' : 'regions'} a look`);
  return parts.join(', ');
}

/** Two decimals at most, so a 0.2/s camera's 0.05 skipped a second shows. */
const figure2 = (n: number) => String(Math.round(n * 100) / 100);
