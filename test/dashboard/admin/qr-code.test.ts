import jsqrModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import { captureLink } from '../../../dashboard/src/capture-page/capture-link.js';
import { qrModules, qrPath } from '../../../dashboard/src/admin/qr-code.js';

// CommonJS with `exports.default`: whether the default import is the function or the exports object depends on the loader.
const jsQR = ((jsqrModule as unknown as { default?: unknown }).default ?? jsqrModule) as typeof jsqrModule.default;

/** The modules as a scanner sees them: RGBA pixels, `scale` per module, a white quiet zone of 4. */
function pixels(modules: boolean[][], scale = 4): { data: Uint8ClampedArray; size: number } {
  const size = (modules.length + 8) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const i = (((y + 4) * scale + dy) * size + (x + 4) * scale + dx) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
    }),
  );
  return { data, size };
}

describe('qrModules', () => {
  it('encodes a capture link that a QR decoder reads back exactly', () => {
    const link = captureLink('http://192.168.1.10:3000/cams', 'front-door', 'd1-RoARGgpwNBv4-5Qd23Eglhl1u9-U5');
    const { data, size } = pixels(qrModules(link));
    expect(jsQR(data, size, size)?.data).toBe(link);
  });
});

describe('qrPath', () => {
  it('draws one unit square per dark module, inside the quiet zone', () => {
    expect(
      qrPath([
        [true, false],
        [false, true],
      ]),
    ).toBe('M4 4h1v1h-1zM5 5h1v1h-1z');
  });
});
