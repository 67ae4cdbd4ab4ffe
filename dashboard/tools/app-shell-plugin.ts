/**
 * A Vite plugin that finishes the service worker (src/app/sw.ts) once the build is written: it
 * lists the app shell (index.html, everything the Live Monitor's entry loads, the public files but
 * the capture page's) and a hash of their bytes, and writes both into sw.js. Any change to the shell
 * changes sw.js, which is how a browser learns of a new build.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

/** The worker's file name: fixed, unhashed, beside index.html (its folder is its scope). */
export const SW_FILE = 'sw.js';
const PLACEHOLDER = 'self.__CAMRELAY_SHELL__';

interface Output {
  type: 'chunk' | 'asset';
  fileName: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> };
}

/** `entry`'s file and every file it loads, transitively. */
function closure(bundle: Record<string, Output>, entry: Output): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const out = bundle[file];
    if (!out || out.type !== 'chunk') return;
    [...(out.imports ?? []), ...(out.dynamicImports ?? []), ...(out.viteMetadata?.importedCss ?? []), ...(out.viteMetadata?.importedAssets ?? [])].forEach(
      visit,
    );
  };
  visit(entry.fileName);
  return seen;
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

export function appShellPlugin(opts: { entry: string; worker: string }): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'camrelay:app-shell',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    writeBundle(output, bundle) {
      const outDir = output.dir ?? config.build.outDir;
      const all = bundle as unknown as Record<string, Output>;
      const entry = Object.values(all).find((o) => o.type === 'chunk' && o.isEntry && o.name === opts.entry);
      const worker = all[SW_FILE];
      if (!entry || !worker || worker.type !== 'chunk') throw new Error(`app-shell: the build has no "${opts.entry}" entry or no ${SW_FILE}`);
      // A classic service worker cannot import: anything it shares with the page must be copied in.
      if (worker.imports?.length) throw new Error(`app-shell: ${SW_FILE} imports ${worker.imports.join(', ')}; it must import nothing the page imports`);
      const publicFiles = config.publicDir ? filesUnder(config.publicDir) : [];
      const files = ['index.html', ...closure(all, entry), ...publicFiles].sort();
      const hash = createHash('sha256');
      for (const f of files)
        hash
          .update(f)
          .update('\0')
          .update(readFileSync(path.join(outDir, f)));
      const shell = { version: hash.digest('hex').slice(0, 16), files };
      const file = path.join(outDir, SW_FILE);
      const code = readFileSync(file, 'utf8');
      if (code.split(PLACEHOLDER).length !== 2) throw new Error(`app-shell: ${SW_FILE} does not hold ${PLACEHOLDER} exactly once`);
      writeFileSync(file, code.replace(PLACEHOLDER, JSON.stringify(shell)));
    },
  };
}
