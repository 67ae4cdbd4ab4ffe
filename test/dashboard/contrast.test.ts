/** WCAG AA for the text colours of both themes, read from the stylesheet itself. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../../dashboard/src/style.css', import.meta.url), 'utf8');

/** The custom properties of the first block that starts with `selector`. */
function palette(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  const block = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...block.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6});/g)].map((m) => [m[1]!, m[2]!]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const TEXT = ['text', 'muted', 'faint', 'live', 'stalled', 'offline', 'accent'];
const BACKGROUNDS = ['bg', 'surface', 'surface-2'];

describe('the palettes', () => {
  it("has one light palette: the system's light and the chosen light are the same colours", () => {
    expect(palette(":root:not([data-theme='dark'])")).toEqual(palette(":root[data-theme='light']"));
  });

  for (const [theme, selector] of [
    ['dark', ':root'],
    ['light', ":root[data-theme='light']"],
  ] as const) {
    it(`gives every text colour at least 4.5:1 on every background, ${theme}`, () => {
      const p = palette(selector);
      for (const fg of TEXT) {
        for (const bg of BACKGROUNDS) {
          expect(p[fg], `--${fg} in ${theme}`).toBeDefined();
          expect(contrast(p[fg]!, p[bg]!), `--${fg} on --${bg}, ${theme}`).toBeGreaterThanOrEqual(4.5);
        }
      }
    });
  }
});
