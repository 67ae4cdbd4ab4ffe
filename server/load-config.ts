/**
 * Server settings: the core's defaults literal and each module's section (from the module table),
 * overridden by an optional JSON file, then environment variables, then flags, validated
 * once at start. A bad value is one line naming the setting (main exits with code 2).
 */
import { parseArgs } from 'node:util';
import { CamrelayError } from '../shared/errors.js';
import { readConfigFile } from './config/config-file.js';
import { CORE_DEFAULTS, CORE_SETTINGS, type CoreConfig } from './config/core-settings.js';
import { parseValue, type Setting } from './config/settings.js';
import { modules, moduleSettings, tableWithout } from './module-table.js';
import type { TableLine } from './modules/module.js';

type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** Each module's own settings, from the module table. */
type ModuleDefaults = Intersection<(typeof moduleSettings)[number]['defaults']>;

export type ServerConfig = CoreConfig & ModuleDefaults;

/** Every setting's default: the core's and each module's section. */
export const DEFAULTS: ServerConfig = Object.assign({}, CORE_DEFAULTS, ...moduleSettings.map((t) => t.defaults));

/** Every setting of a table: the core's, then each module's section in table order. */
const settingsOf = (table: readonly TableLine[]): Setting[] => [...CORE_SETTINGS, ...table.flatMap((m): readonly Setting[] => m.settings?.settings ?? [])];

/** Every setting of the server's table. */
export const SETTINGS: Setting[] = settingsOf(modules);

export interface ParsedCommand {
  config: ServerConfig;
  help: boolean;
  version: boolean;
}

/**
 * Builds the config from env and argv for a module table (the server's own unless a test adds a
 * module); throws CamrelayError('BAD_CONFIG') with a one-line message.
 */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env, table: readonly TableLine[] = modules): ParsedCommand {
  const settings = settingsOf(table);
  const options = Object.fromEntries(settings.map((s) => [s.flag, { type: s.kind === 'bool' ? 'boolean' : 'string' } as const]));
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
  const config: Record<string, unknown> = Object.assign({}, CORE_DEFAULTS, ...table.map((m) => m.settings?.defaults ?? {}));
  const file = typeof values.config === 'string' ? values.config : env.CAMRELAY_CONFIG;
  const fromFile = file
    ? readConfigFile(
        file,
        settings.map((s) => s.key),
      )
    : new Map<string, string>();
  for (const s of settings) {
    const inFile = fromFile.get(s.key);
    if (inFile !== undefined) config[s.key] = parseValue(s, inFile, `${file}: ${s.key}`);
    const fromEnv = env[s.env];
    if (fromEnv !== undefined && fromEnv !== '') config[s.key] = parseValue(s, fromEnv, s.env);
    const fromFlag = values[s.flag];
    if (typeof fromFlag === 'string') config[s.key] = parseValue(s, fromFlag, `--${s.flag}`);
    if (fromFlag === true) config[s.key] = true;
  }
  const off = tableWithout(table, config.modulesOff as string[]);
  if (off.problem) throw new CamrelayError('BAD_CONFIG', off.problem);
  for (const m of off.table) {
    const problem = m.settings?.check?.(config as ServerConfig);
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
