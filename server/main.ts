/** `npm start`: the relay on its own (run-relay.ts). */
import { runRelay } from './run-relay.js';

void runRelay(process.argv.slice(2));
