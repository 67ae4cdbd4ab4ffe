/**
 * What recording one camera costs (bench/lib/recording-cost.ts), printed as JSON.
 * Run: npx tsx bench/recording-cost.ts [--height 1080] [--seconds 30] [--fps 15]
 */
import { parseArgs } from 'node:util';
import { measureRecordingCost } from './lib/recording-cost.js';

const { values } = parseArgs({
  options: { height: { type: 'string', default: '720' }, seconds: { type: 'string', default: '30' }, fps: { type: 'string', default: '15' } },
});
console.log(JSON.stringify(await measureRecordingCost(Number(values.height), Number(values.seconds), Number(values.fps)), null, 2));
