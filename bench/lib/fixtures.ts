/** The 720p JPEGs in bench/fixtures (made by bench/make-fixtures.ts). */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export async function loadFixtures(): Promise<Buffer[]> {
  const names = (await readdir(DIR)).filter((n) => n.endsWith('.jpg')).sort();
  return Promise.all(names.map((n) => readFile(path.join(DIR, n))));
}
