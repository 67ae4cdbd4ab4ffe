/** `npm start`: the relay on its own (run-relay.ts). */
import { runRelay } from './run-relay.js';

runRelay(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
