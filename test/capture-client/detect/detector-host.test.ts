import { describe, expect, it } from 'vitest';
import { detectReadyWords } from '../../../capture-client/detect/detector-host.js';

describe('detectReadyWords', () => {
  it('names the engine that runs', () => {
    expect(detectReadyWords({ engine: 'onnxruntime', fallbackReason: null, loadMs: 512.4 }, 'linux')).toBe(
      'Object detection ready (NanoDet on onnxruntime-node, loaded in 512 ms): it runs when the relay asks, while motion lasts.',
    );
    expect(detectReadyWords({ engine: 'tfjs-wasm', fallbackReason: 'tfjs-wasm was asked for.', loadMs: 900 }, 'win32')).toMatch(
      /^Object detection ready \(NanoDet on tfjs-wasm, loaded in 900 ms\)[^]*motion lasts\.$/,
    );
  });

  it('on Windows, when the native library did not load, names the Visual C++ Redistributable it needs', () => {
    const info = { engine: 'tfjs-wasm' as const, fallbackReason: 'onnxruntime-node did not load: The specified module could not be found.', loadMs: 1200 };
    expect(detectReadyWords(info, 'win32')).toContain('needs the Microsoft Visual C++ Redistributable (x64) on this PC');
    expect(detectReadyWords(info, 'linux')).not.toContain('Visual C++');
  });
});
