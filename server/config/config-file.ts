/** The optional JSON config file: `{ "port": 8080, "offlineAfterMs": 3000 }`, keys as in the defaults. */
import { readFileSync } from 'node:fs';
import { CamrelayError } from '../../shared/errors.js';

/** Reads the file into raw string values by setting key, for the same checks as env and flags. */
export function readConfigFile(file: string, known: readonly string[]): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (err as Error).message;
    throw new CamrelayError('BAD_CONFIG', `config file ${file} cannot be read: ${why}.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CamrelayError('BAD_CONFIG', `config file ${file} must hold a JSON object of settings.`);
  }
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(parsed)) {
    if (!known.includes(key)) throw new CamrelayError('BAD_CONFIG', `config file ${file}: unknown setting "${key}" (known: ${known.join(', ')}).`);
    // ICE servers are naturally a JSON array in a JSON file; they go through the same check as the env value.
    // So are the recording, mqtt and offsite sections, objects (their settings.ts check them).
    if (
      (key === 'iceServers' && Array.isArray(value)) ||
      ((key === 'recording' || key === 'mqtt' || key === 'offsite') && typeof value === 'object' && value !== null)
    ) {
      values.set(key, JSON.stringify(value));
      continue;
    }
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new CamrelayError('BAD_CONFIG', `config file ${file}: "${key}" must be a string, number or boolean.`);
    }
    values.set(key, String(value));
  }
  return values;
}
