/**
 * `npm run build:capture`: the capture client as one JavaScript file, as single executables for
 * Linux x64 and Windows x64, and the Windows zip (docs/capture-program.md).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildCapture, TARGETS, type Target } from './build.js';

const USAGE = `Usage: npm run build:capture -- [--out <folder>] [--cache <folder>] [--targets ${TARGETS.join(',')}]

  --out <folder>      where the artefacts go (default dist-capture)
  --cache <folder>    where node.exe, node and ffmpeg.exe fetched from the npm registry are kept (default .cache/build-capture)
  --targets <list>    comma-separated, default all: ${TARGETS.join(',')} (the bundle is always built)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, cache: { type: 'string' }, targets: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return void console.log(USAGE);
  const targets = (values.targets ?? TARGETS.join(',')).split(',').map((t) => t.trim());
  const unknown = targets.filter((t) => !(TARGETS as readonly string[]).includes(t));
  if (unknown.length > 0) {
    console.error(`build:capture: unknown target ${unknown.join(', ')}; use ${TARGETS.join(', ')}.`);
    process.exit(2);
  }
  const started = Date.now();
  await buildCapture({
    outDir: path.resolve(values.out ?? 'dist-capture'),
    cacheDir: path.resolve(values.cache ?? path.join('.cache', 'build-capture')),
    targets: targets as Target[],
    log: (line) => console.log(line),
  });
  console.log(`build:capture done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(`build:capture: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
