/** Entry point of `npm run admin`. */
import { runAdmin } from './cli.js';

runAdmin(process.argv.slice(2), (line) => console.log(line)).catch((err: Error & { code?: string }) => {
  console.error(`camrelay admin: ${err.message}`);
  process.exit(err.code === 'BAD_CONFIG' ? 2 : 1);
});
