/**
 * Server settings: the core's defaults literal and each transport's section (from the transport
 * table), overridden by an optional JSON file, then environment variables, then flags, validated
 * once at start. A bad value is one line naming the setting (main exits with code 2).
 */
import { parseArgs } from 'node:util';
import { CamrelayError } from '../shared/errors.js';
import { readConfigFile } from './config-file.js';
import { CORE_DEFAULTS, CORE_SETTINGS, type CoreConfig } from './core-settings.js';
import { parseValue, type Setting } from './settings.js';
import { transportSettings } from './transports/index.js';

type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** Each transport's own settings, from the transport table. */
type TransportDefaults = Intersection<(typeof transportSettings)[number]['defaults']>;

export type ServerConfig = CoreConfig & TransportDefaults;

/** Every setting's default: the core's and each transport's section. */
export const DEFAULTS: ServerConfig = Object.assign({}, CORE_DEFAULTS, ...transportSettings.map((t) => t.defaults));

/** Every setting: the core's, then each transport's section. */
export const SETTINGS: Setting[] = [...CORE_SETTINGS, ...transportSettings.flatMap((t): readonly Setting[] => t.settings)];

export interface ParsedCommand {
  config: ServerConfig;
  help: boolean;
  version: boolean;
}

/** Builds the config from env and argv; throws CamrelayError('BAD_CONFIG') with a one-line message. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedCommand {
  const options = Object.fromEntries(SETTINGS.map((s) => [s.flag, { type: s.kind === 'bool' ? 'boolean' : 'string' } as const]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { ...options, config: { type: 'string' }, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    throw new CamrelayError('BAD_CONFIG', (err as Error).message);
  }
  const config: Record<string, unknown> = { ...DEFAULTS };
  const file = typeof values.config === 'string' ? values.config : env.CAMRELAY_CONFIG;
  const fromFile = file
    ? readConfigFile(
        file,
        SETTINGS.map((s) => s.key),
      )
    : new Map<string, string>();
  for (const s of SETTINGS) {
    const inFile = fromFile.get(s.key);
    if (inFile !== undefined) config[s.key] = parseValue(s, inFile, `${file}: ${s.key}`);
    const fromEnv = env[s.env];
    if (fromEnv !== undefined && fromEnv !== '') config[s.key] = parseValue(s, fromEnv, s.env);
    const fromFlag = values[s.flag];
    if (typeof fromFlag === 'string') config[s.key] = parseValue(s, fromFlag, `--${s.flag}`);
    if (fromFlag === true) config[s.key] = true;
  }
  for (const section of transportSettings) {
    const problem = section.check?.(config as ServerConfig);
    if (problem) throw new CamrelayError('BAD_CONFIG', problem);
  }
  return { config: config as ServerConfig, help: values.help === true, version: values.version === true };
}

export function usage(): string {
  const lines = SETTINGS.map(
    (s) =>
      `  --${s.flag.padEnd(18)} ${s.env.padEnd(28)} ${s.help} (default: ${(DEFAULTS as Record<string, unknown>)[s.key] === undefined ? 'none' : JSON.stringify((DEFAULTS as Record<string, unknown>)[s.key])})`,
  );
  return [
    'Usage: npm start -- [options]',
    '',
    '  flag                 environment variable',
    ...lines,
    '  --config <file>      CAMRELAY_CONFIG              a JSON file of settings, keys as in docs/configuration.md',
    '  --help, --version',
  ].join('\n');
}
