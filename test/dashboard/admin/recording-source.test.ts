import { describe, expect, it } from 'vitest';
import { describeSource, parseSource } from '../../../dashboard/src/admin/recording-source.js';

const copy = { mode: 'copy', note: null, encoder: 'libx264', uplinkBytes: 123_456, fallbacks: 0, encoders: 0, copies: 1 };

describe('parseSource', () => {
  it('reads the API status’s source', () => {
    expect(parseSource(copy)).toEqual({ mode: 'copy', note: null, encoder: 'libx264', uplinkBytes: 123_456, fallbacks: 0 });
  });

  it('is null for what is not one (an older relay, a camera with no recorder)', () => {
    expect(parseSource(undefined)).toBeNull();
    expect(parseSource({ mode: 'transcode' })).toBeNull();
    expect(parseSource([copy])).toBeNull();
  });

  it('bounds the relay’s words and ignores what is not a word or a count', () => {
    const parsed = parseSource({ mode: 'encode', note: 'x'.repeat(5000), encoder: 42, uplinkBytes: -1, fallbacks: 'many' })!;
    expect(parsed.note).toHaveLength(200);
    expect(parsed).toMatchObject({ encoder: null, uplinkBytes: 0, fallbacks: 0 });
  });
});

describe('describeSource', () => {
  it("says a camera recorded by copy is the camera side's H.264, naming its encoder when the relay knows it", () => {
    expect(describeSource(parseSource(copy))).toEqual({ text: "Recording by copy: the camera side's H.264 (libx264), no encoder on the relay", how: 'copy' });
    expect(describeSource(parseSource({ ...copy, encoder: null }))!.text).toBe("Recording by copy: the camera side's H.264, no encoder on the relay");
  });

  it('says the relay encodes a JPEG-only publisher, and why when the H.264 stopped', () => {
    expect(describeSource(parseSource({ ...copy, mode: 'encode', encoder: null }))).toEqual({
      text: 'Encoding on the relay: the capture side sends JPEG only',
      how: 'encode',
    });
    const note = 'no H.264 from the capture client for 3 s: the relay encodes its JPEGs';
    expect(describeSource(parseSource({ ...copy, mode: 'encode', note, fallbacks: 1 }))).toEqual({ text: `Encoding on the relay (${note})`, how: 'fallback' });
  });

  it('says nothing when the relay does not say', () => {
    expect(describeSource(null)).toBeNull();
  });
});
