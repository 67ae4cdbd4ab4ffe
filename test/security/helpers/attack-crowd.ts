/**
 * Fifty attackers, as a program of their own: `node --import tsx attack-crowd.ts <port> <count> <timeoutMs>` prints
 * each attack's cut time (null: never cut) as one JSON line. Attackers are other machines: sent from the test's own
 * process, their 560 MB of writes starved the healthy camera and viewer they sat beside (a loaded CI run, 67% kept).
 */
import { pollingAttack, websocketAttack } from './attacks.js';

const [port, count, timeoutMs] = process.argv.slice(2).map(Number) as [number, number, number];
const cuts = await Promise.all(Array.from({ length: count }, (_, i) => (i % 2 ? pollingAttack(port, timeoutMs) : websocketAttack(port, timeoutMs))));
process.stdout.write(`${JSON.stringify(cuts)}\n`);
