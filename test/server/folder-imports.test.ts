import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SERVER = fileURLToPath(new URL('../../server/', import.meta.url));

/** Each folder of server/ (a top-level file is its own) → the other folders of server/ its files import, types included. */
function folderImports(): Map<string, Set<string>> {
  const folderOf = (file: string) => path.relative(SERVER, file).split(path.sep)[0]!;
  const graph = new Map<string, Set<string>>();
  for (const entry of readdirSync(SERVER, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const from = folderOf(file);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^;]*? from '(\.[^']+)'/gm)) {
      const target = path.resolve(path.dirname(file), spec!);
      if (!target.startsWith(SERVER)) continue;
      const to = folderOf(target.replace(/\.js$/, '.ts'));
      if (to !== from) graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** Every loop of folders, each named once by its members (sorted). */
function loops(graph: Map<string, Set<string>>): string[] {
  const found = new Set<string>();
  const walk = (start: string, at: string, trail: string[]) => {
    for (const next of graph.get(at) ?? []) {
      if (next === start) found.add([...trail].sort().join(', '));
      else if (!trail.includes(next) && next > start) walk(start, next, [...trail, next]);
    }
  };
  for (const start of graph.keys()) walk(start, start, [start]);
  return [...found];
}

describe('server/ folders', () => {
  it('import no folder that imports them back, directly or round a loop', () => {
    expect(loops(folderImports())).toEqual([]);
  });
});
