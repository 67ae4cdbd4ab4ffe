/** The import circles among a tree's TypeScript files, read from their relative imports (type-only ones too). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** `from './x.js'`, `import './x.js'`, `import('./x.js')`: relative specifiers only, as the tree's own files are named. */
const SPECIFIER = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const at = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(at);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [at] : [];
  });
}

function target(from: string, specifier: string): string | null {
  const plain = path.resolve(path.dirname(from), specifier);
  for (const candidate of [plain.replace(/\.js$/, '.ts'), plain.replace(/\.js$/, '.tsx'), plain]) if (existsSync(candidate)) return candidate;
  return null;
}

/** Each circle as its files relative to `root`, sorted; none when the imports form no loop. */
export function importCircles(root: string, folders: readonly string[]): string[][] {
  const files = folders.flatMap((f) => sources(path.join(root, f)));
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const to = [...text.matchAll(SPECIFIER)].map((m) => target(file, m[1]!)).filter((t): t is string => t !== null);
    edges.set(file, to);
  }
  // Tarjan's strongly connected components: a component of two or more files is a circle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(path.relative(root, w));
    } while (w !== v);
    if (component.length > 1) circles.push(component.sort());
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return circles;
}
