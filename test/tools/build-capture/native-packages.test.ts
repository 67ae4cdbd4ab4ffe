/** The table of native packages carried beside each executable; their bytes and the Linux worker on them are checked on a real build (native-packages-suite.ts). */
import { describe, expect, it } from 'vitest';
import { lockedPackage, NATIVE_PACKAGES, type NativePlatform } from '../../../tools/build-capture/native-packages.js';

const BINARY = /\.(node|dll|so(\.[\d.]+)?|dylib)$/;

describe('NATIVE_PACKAGES', () => {
  it('lists onnxruntime-node, the onnxruntime-common it requires, and sharp’s native part for each platform', () => {
    for (const platform of ['win32-x64', 'linux-x64'] as const) {
      const names = NATIVE_PACKAGES[platform].map((p) => p.name);
      expect(names).toEqual(expect.arrayContaining(['onnxruntime-node', 'onnxruntime-common', `@img/sharp-${platform}`]));
    }
  });

  it('takes each platform’s binaries only: no other platform’s, no arm64, no darwin', () => {
    const others: Record<NativePlatform, RegExp> = { 'win32-x64': /linux|darwin|arm64|\.so|\.dylib/, 'linux-x64': /win32|darwin|arm64|\.dll|\.dylib/ };
    for (const platform of ['win32-x64', 'linux-x64'] as const)
      for (const pkg of NATIVE_PACKAGES[platform])
        for (const file of pkg.files.filter((f) => BINARY.test(f))) expect(`${pkg.name}/${file}`).not.toMatch(others[platform]);
  });

  it('leaves out the DirectML and WebGPU DLLs the CPU provider does not load', () => {
    const ort = NATIVE_PACKAGES['win32-x64'].find((p) => p.name === 'onnxruntime-node')!;
    expect(ort.files.filter((f) => f.endsWith('.dll'))).toEqual(['bin/napi-v6/win32/x64/onnxruntime.dll']);
  });

  it('takes onnxruntime-common’s CommonJS build, which the worker requires, with the package.json that makes it CommonJS', () => {
    const common = NATIVE_PACKAGES['linux-x64'].find((p) => p.name === 'onnxruntime-common')!;
    expect(common.files).toContain('dist/cjs/package.json');
    expect(common.files).toContain('dist/cjs/index.js');
    expect(common.files.some((f) => f.startsWith('dist/esm/'))).toBe(false);
  });
});

describe('lockedPackage', () => {
  it('gives the version and integrity package-lock.json pins', () => {
    expect(lockedPackage('onnxruntime-node')).toEqual({
      name: 'onnxruntime-node',
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      integrity: expect.stringMatching(/^sha512-/),
    });
  });

  it('names a package the lock does not have', () => {
    expect(() => lockedPackage('no-such-package')).toThrow('package-lock.json has no no-such-package');
  });
});
