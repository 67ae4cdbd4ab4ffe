/**
 * The docs' relative links, checked as GitHub renders them: every `[text](path)` between the docs
 * (docs/, README.md, the bench's results log) names a file that exists, and every `#anchor` into a
 * markdown file names one of its headings. Sections get renamed when a page is rewritten
 * (performance.md became a reference, its history moved to bench/results/HISTORY.md); the pages
 * that link into them must not be left pointing at nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pages = [
  ...readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join('docs', f)),
  'README.md',
  path.join('bench', 'results', 'HISTORY.md'),
];

// Code blocks hold diagrams and shell, not links or headings.
const prose = (file: string) => readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = m[1]!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n ? `${slug}-${n}` : slug);
  }
  return anchors;
}

function brokenLinks(page: string): string[] {
  const broken: string[] = [];
  for (const m of prose(path.join(root, page)).matchAll(/\]\(([^)\s]+)\)/g)) {
    const link = m[1]!;
    if (/^[a-z]+:/i.test(link)) continue;
    const [file, anchor] = link.split('#');
    const target = file ? path.resolve(root, path.dirname(page), file) : path.join(root, page);
    if (!existsSync(target)) broken.push(`${link} (no such file)`);
    else if (anchor && target.endsWith('.md') && !anchorsOf(prose(target)).has(anchor)) broken.push(`${link} (no such heading)`);
  }
  return broken;
}

describe('the docs’ links', () => {
  it('reads the headings as GitHub anchors them', () => {
    expect([...anchorsOf("## Live H.264 (#30)\n### Long-polling: frames over their own GET\n## The camera side's path (#28)\n## A\n## A\n")]).toEqual([
      'live-h264-30',
      'long-polling-frames-over-their-own-get',
      'the-camera-sides-path-28',
      'a',
      'a-1',
    ]);
  });

  it.each(pages)('%s links only to files and headings that exist', (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });
});
