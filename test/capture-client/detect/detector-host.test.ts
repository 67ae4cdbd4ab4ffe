import { describe, expect, it } from 'vitest';
import { detectReadyWords } from '../../../capture-client/detect/detector-host.js';
import { nativeRuntimeHint, withNativeRuntimeHint } from '../../../common/detect/engine.js';

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

describe("nativeRuntimeHint (the relay Admin's engine line and the program's ready line)", () => {
  it('names the Redistributable only on Windows, only after the library did not load', () => {
    const missing = 'onnxruntime-node did not load: The specified module could not be found.';
    expect(nativeRuntimeHint(missing, 'win32')).toMatch(/^onnxruntime-node, five times cheaper, needs the Microsoft Visual C\+\+ Redistributable \(x64\)/);
    expect(nativeRuntimeHint(missing, 'linux')).toBe('');
    expect(nativeRuntimeHint('tfjs-wasm was asked for.', 'win32')).toBe('');
    expect(nativeRuntimeHint(null, 'win32')).toBe('');
    expect(withNativeRuntimeHint(missing, 'win32')).toMatch(/^onnxruntime-node did not load: The specified module could not be found\. onnxruntime-node, five/);
    expect(withNativeRuntimeHint(missing, 'linux')).toBe(missing);
    expect(withNativeRuntimeHint(null, 'win32')).toBeNull();
  });
});
