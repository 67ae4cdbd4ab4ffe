/**
 * README.md's "Add a camera" paragraph, as printed: the guide's lines are the ones it writes (guide-text.ts), the id
 * is the one the name gives, and the kinds and buttons it names are the guide's own.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cameraIdOf, GUIDE_KINDS, liveLine } from '../../dashboard/src/add-camera/guide-text.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const paragraph = /\*\*Add a camera\.\*\*[\s\S]*?\n\n/.exec(readme)?.[0].replace(/\s+/g, ' ') ?? '';
const view = readFileSync(path.join(ROOT, 'dashboard/src/add-camera/add-camera-view.ts'), 'utf8');

describe("README.md's Add a camera, as printed", () => {
  it('quotes the lines the guide writes while it waits and once the camera is live', () => {
    expect(paragraph).toContain(`"${liveLine('Front door', undefined).text}"`);
    expect(paragraph).toContain(`"${liveLine('Front door', { status: 'live', fps: 10, ingest: 'websocket' }).text}"`);
  });

  it('gives the id the name makes, and names the kinds and buttons the guide has', () => {
    expect(paragraph).toContain(`\`${cameraIdOf('Front door')}\``);
    const kinds = [...paragraph.matchAll(/(?<!\*)\*([A-Z][A-Za-z ]+)\*(?!\*)/g)].map((m) => m[1]);
    expect(kinds).toEqual(GUIDE_KINDS.map((k) => k.title));
    const buttons = [...paragraph.matchAll(/\*\*([A-Za-z][A-Za-z ]+)\*\*/g)].map((m) => m[1]!);
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    for (const name of buttons) expect(view, name).toContain(`'${name}`);
  });
});
