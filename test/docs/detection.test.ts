/**
 * docs/detection.md, as printed: its one model command run as a user runs it (and its Windows form the
 * same script through npm.cmd), its bench command run as printed, printing each row the page quotes.
 * Figures are the benchmark's business; this checks what the commands do.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runPrinted } from '../helpers/shell-command.js';
import { checkModel, defaultModelDir } from '../../common/detect/model-files.js';
import { validateDetectSettings } from '../../common/detect/detect-settings-check.js';
import { zonesOf } from '../../common/detect/detect-filter.js';

const doc = readFileSync(new URL('../../docs/detection.md', import.meta.url), 'utf8');
const root = new URL('../..', import.meta.url);
/** Every fenced block of the page: [language, its lines]. */
const blocks = [...doc.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => [m[1]!, m[2]!.trim().split('\n')] as const);

const run = runPrinted;

describe('docs/detection.md, as printed', () => {
  it('prints one command block for a shell and its npm.cmd form for PowerShell and cmd', () => {
    expect(blocks.filter(([lang]) => lang !== 'json')).toEqual([
      ['sh', ['npm run detect:model']],
      ['powershell', ['npm.cmd run detect:model']],
    ]);
    const scripts = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['detect:model']).toBe('tsx tools/detect-model/main.ts');
    // The README's list of pages names the same command.
    expect(readFileSync(new URL('README.md', root), 'utf8')).toContain(
      '(docs/detection.md): the NanoDet model (person, car, dog…), fetching it (`npm run detect:model`)',
    );
  });

  it('prints settings the relay takes as they are, meaning what the page says they mean', () => {
    const json = blocks.filter(([lang]) => lang === 'json');
    expect(json).toHaveLength(1);
    const checked = validateDetectSettings(JSON.parse(json[0]![1].join('\n')));
    expect(checked.ok && checked.value).toMatchObject({ enabled: true, rate: 2, labels: ['person', 'vehicle'], filters: { person: { minScore: 0.55 } } });
    const zone = checked.ok ? checked.value.zones[0]! : null;
    // "people only on the driveway's lower half": a person standing low in the picture is in it, one standing high is not.
    expect(zonesOf([300, 200, 40, 100], { width: 640, height: 360 }, [zone!])).toEqual(['Driveway']);
    expect(zonesOf([300, 20, 40, 100], { width: 640, height: 360 }, [zone!])).toEqual([]);
  });

  it('fetches and checks the model with the command it gives', async () => {
    const { code, out } = await run(blocks[0]![1][0]!);
    expect(code, out).toBe(0);
    expect(out).toMatch(/NanoDet model (written to|already in) .*models[/\\]nanodet/);
    expect(checkModel(defaultModelDir()).ok).toBe(true);
  }, 180_000);

  it('measures the detector with the bench command it gives, printing each row it quotes', async () => {
    const command = /`(npm run bench -- --only=detect)`/.exec(doc)?.[1];
    expect(command).toBe('npm run bench -- --only=detect');
    const { code, out } = await run(command!);
    expect(code, out).toBe(0);
    // Both engines' columns, onnxruntime's first, in the same run (#57).
    expect(out).toMatch(/^\| row \| onnxruntime-node, 1 thread \| tfjs-wasm, SIMD (on|off) \| target \|$/m);
    const rows = [
      'CPU per look at 416×416, one core (decode, letterbox, inference, boxes)',
      'whole look by the clock',
      'inference per look by the clock',
      'looks per second per core',
    ];
    for (const row of rows) {
      expect(doc).toContain(`| ${row}`);
      expect(out).toMatch(new RegExp(`^\\| ${row.replace(/[()]/g, '\\$&')}.*\\| [\\d.]+ (ms|/s).*\\| [\\d.]+ (ms|/s)`, 'm'));
    }
  }, 180_000);

  it('measures regions with the bench command it gives: the whole picture misses the small person, every region count finds her', async () => {
    const command = /`(npm run bench -- --only=detect-regions)`/.exec(doc)?.[1];
    expect(command).toBe('npm run bench -- --only=detect-regions');
    const { code, out } = await run(command!);
    expect(code, out).toBe(0);
    expect(out).toMatch(/^\| whole picture \(scaled to 416×416\) \| [\d.]+ ms \| 1× \| [\d.]+ ms \| no \|$/m);
    for (const n of ['1 region', '2 regions', '4 regions']) {
      expect(doc).toContain(`| ${n} |`);
      expect(out).toMatch(new RegExp(`^\\| ${n} of 416×416 \\| [\\d.]+ ms \\| [\\d.]+× \\| [\\d.]+ ms \\| yes \\|$`, 'm'));
    }
  }, 180_000);

  it('measures the relay with 1 and 2 detection workers with the bench command it gives, printing each row it quotes', async () => {
    const command = /`(npm run bench -- --only=detect-relay)`/.exec(doc)?.[1];
    expect(command).toBe('npm run bench -- --only=detect-relay');
    const { code, out } = await run(command!);
    expect(code, out).toBe(0);
    for (const workers of [1, 2]) {
      for (const row of [
        'detections a second asked (4 cameras × 2/s) / done / skipped',
        "the process's CPU per look done",
        "viewer's frames a second over all cameras, with detection / without",
      ]) {
        const quoted = `${workers} worker(s): ${row}`;
        expect(doc).toContain(`| ${quoted}`);
        expect(out).toMatch(new RegExp(`^\\| ${quoted.replace(/[()]/g, '\\$&')}.*\\| [\\d.]+`, 'm'));
      }
    }
  }, 300_000);
});
