/**
 * Where a worker thread's file is, beside the file that starts it. From TypeScript sources (tsx,
 * vitest) the thread imports it through tsx's API: Node 20 does not carry the parent's loader hooks,
 * or an --import in execArgv, into a worker. Built (`.js`), it is the file itself.
 */
export function workerEntry(here: string, name: string): { entry: string | URL; eval: boolean } {
  if (!here.endsWith('.ts')) return { entry: new URL(`./${name}.js`, here), eval: false };
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const file = JSON.stringify(new URL(`./${name}.ts`, here).href);
  return { entry: `import(${api}).then((tsx) => tsx.tsImport(${file}, ${JSON.stringify(here)}))`, eval: true };
}
