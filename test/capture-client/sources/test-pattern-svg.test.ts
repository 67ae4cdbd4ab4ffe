/** The test pattern's SVG pieces: the clock text and the seven-segment fallback for machines without fonts. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { clockText, overlaySvg, sevenSegment } from '../../../capture-client/sources/test-pattern-svg.js';

describe('test-pattern-svg', () => {
  describe('#clockText', () => {
    it('formats local time as HH:MM:SS.mmm', () => {
      expect(clockText(new Date(2024, 4, 6, 7, 8, 9, 12).getTime())).toBe('07:08:09.012');
    });
  });

  describe('#sevenSegment', () => {
    it('draws 8 with all seven segments and 1 with two', () => {
      expect(sevenSegment('8', 0, 0, 20, '#fff').match(/<rect/g)).toHaveLength(7);
      expect(sevenSegment('1', 0, 0, 20, '#fff').match(/<rect/g)).toHaveLength(2);
      expect(sevenSegment('12:34.5', 0, 0, 20, '#fff').match(/<rect/g)).toHaveLength(2 + 5 + 2 + 5 + 4 + 1 + 5);
    });
  });

  describe('#overlaySvg', () => {
    it('renders with sharp in seven-segment mode, so it works on a machine with no font', async () => {
      const svg = overlaySvg({ width: 320, height: 180, frame: 3, time: Date.now(), text: 'segments' });
      const { info } = await sharp(Buffer.from(svg)).raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([320, 180]);
    });

    it('moves the box with the frame number', () => {
      const box = (frame: number): string => /<rect x="(\d+)"/.exec(overlaySvg({ width: 320, height: 180, frame, time: 0, text: 'font' }))![1]!;
      expect(box(1)).not.toBe(box(2));
    });
  });
});
