/**
 * A single executable application (nodejs.org/api/single-executable-applications.html): the bundle
 * becomes a blob made by this Node, which postject injects into a copy of a Node binary of the same version.
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { removePeSignature } from './pe.js';

/** The fuse Node checks at start; postject flips its ":0" to ":1" when it injects the blob. */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** The resource (PE) or note/section (ELF) Node reads the blob from. */
export const SEA_RESOURCE = 'NODE_SEA_BLOB';

function run(args: string[]): Promise<void> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`node ${args.join(' ')} failed (exit ${code}): ${out.trim().slice(-800)}`))));
  });
}

/** Makes the blob once; the same blob goes into every platform's binary of this Node version. */
export async function makeSeaBlob(bundleFile: string, workDir: string): Promise<string> {
  const blob = path.join(workDir, 'sea-prep.blob');
  const config = path.join(workDir, 'sea-config.json');
  // No code cache or snapshot: both are tied to the platform that made them, and the blob goes into Windows binaries too.
  writeFileSync(
    config,
    JSON.stringify({ main: bundleFile, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false }, null, 2),
  );
  await run(['--experimental-sea-config', config]);
  return blob;
}

/** Copies `baseBinary` to `outFile` and injects the blob. A PE base loses its Authenticode signature first: injecting breaks it anyway. */
export async function injectSeaBlob(baseBinary: string, blob: string, outFile: string): Promise<void> {
  copyFileSync(baseBinary, outFile);
  chmodSync(outFile, 0o755);
  const bytes = readFileSync(outFile);
  const unsigned = removePeSignature(bytes);
  if (unsigned !== bytes) writeFileSync(outFile, unsigned);
  // postject runs in a child: its WebAssembly module installs process-wide handlers and needs ~3x the binary's size in memory.
  const cli = createRequire(import.meta.url).resolve('postject/dist/cli.js');
  await run([cli, outFile, SEA_RESOURCE, blob, '--sentinel-fuse', SEA_FUSE, '--overwrite']);
}
