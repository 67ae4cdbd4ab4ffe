import { describe, expect, it } from 'vitest';
import { CAMERA_GROUP_MAX, CAMERA_NAME_MAX } from '../../../shared/protocol.js';
import { applySighting, parseStoredCamera, type StoredCamera } from '../../../server/camera-keeper/stored-camera.js';

const complete: StoredCamera = {
  id: 'porch',
  name: 'Front porch',
  clientName: 'pi-porch',
  group: 'Outside',
  order: 2,
  firstSeen: 1000,
  lastSeen: 5000,
  width: 1280,
  height: 720,
  sound: false,
};

describe('parseStoredCamera', () => {
  it('reads a complete entry as it is', () => {
    expect(parseStoredCamera({ ...complete })).toEqual(complete);
    expect(parseStoredCamera({ ...complete, sound: true })).toEqual({ ...complete, sound: true });
  });

  it("keeps a camera's sound off unless the file says exactly true (#40: off is the private default)", () => {
    for (const sound of [undefined, 'true', 1, null, 'yes']) expect(parseStoredCamera({ ...complete, sound })?.sound).toBe(false);
  });

  it.each([
    ['null', null],
    ['a string', 'porch'],
    ['an array', ['porch']],
    ['an entry without an id', { name: 'x' }],
    ['an id that is not a string', { id: 7 }],
    ['an id with a slash', { id: '../etc' }],
    ['an id of 65 characters', { id: 'a'.repeat(65) }],
  ])('drops %s', (_what, raw) => {
    expect(parseStoredCamera(raw)).toBeNull();
  });

  it('keeps an entry with only an id, with empty fields, last in the order', () => {
    expect(parseStoredCamera({ id: 'cam-1' })).toEqual({
      id: 'cam-1',
      name: null,
      clientName: null,
      group: null,
      order: Number.MAX_VALUE,
      firstSeen: 0,
      lastSeen: 0,
      width: null,
      height: null,
      sound: false,
    });
  });

  it('empties text fields that are blank, too long or not text', () => {
    const entry = parseStoredCamera({ ...complete, name: '', clientName: 'x'.repeat(CAMERA_NAME_MAX + 1), group: 42 });
    expect(entry).toMatchObject({ name: null, clientName: null, group: null });
    expect(parseStoredCamera({ ...complete, name: 'x'.repeat(CAMERA_NAME_MAX), group: 'g'.repeat(CAMERA_GROUP_MAX) })).toMatchObject({
      name: 'x'.repeat(CAMERA_NAME_MAX),
      group: 'g'.repeat(CAMERA_GROUP_MAX),
    });
    expect(parseStoredCamera({ ...complete, group: 'g'.repeat(CAMERA_GROUP_MAX + 1) })!.group).toBeNull();
  });

  it('empties names saved before control and bidi characters were refused (shared/names.ts)', () => {
    const entry = parseStoredCamera({ ...complete, name: 'Drive\u0085way', clientName: 'pi\u202eporch', group: 'Out\u009b31m' });
    expect(entry).toMatchObject({ name: null, clientName: null, group: null });
    expect(parseStoredCamera({ ...complete, name: 'Entrée 北門 🚗' })!.name).toBe('Entrée 北門 🚗');
  });

  it('takes lastSeen from firstSeen when it is missing, and a bad firstSeen as 0', () => {
    expect(parseStoredCamera({ id: 'a', firstSeen: 300 })).toMatchObject({ firstSeen: 300, lastSeen: 300 });
    expect(parseStoredCamera({ id: 'a', firstSeen: -5, lastSeen: 'soon' })).toMatchObject({ firstSeen: 0, lastSeen: 0 });
    expect(parseStoredCamera({ id: 'a', firstSeen: Infinity })).toMatchObject({ firstSeen: 0 });
  });

  it('keeps a size only when both sides are whole numbers from 1 to 65535', () => {
    expect(parseStoredCamera({ id: 'a', width: 640 })).toMatchObject({ width: null, height: null });
    expect(parseStoredCamera({ id: 'a', width: 640.5, height: 480 })).toMatchObject({ width: null, height: null });
    expect(parseStoredCamera({ id: 'a', width: 65536, height: 480 })).toMatchObject({ width: null, height: null });
    expect(parseStoredCamera({ id: 'a', width: 0, height: 480 })).toMatchObject({ width: null, height: null });
    expect(parseStoredCamera({ id: 'a', width: 65535, height: 1 })).toMatchObject({ width: 65535, height: 1 });
  });

  it('drops an order that is not a finite number', () => {
    expect(parseStoredCamera({ id: 'a', order: '1' })!.order).toBe(Number.MAX_VALUE);
    expect(parseStoredCamera({ id: 'a', order: NaN })!.order).toBe(Number.MAX_VALUE);
    expect(parseStoredCamera({ id: 'a', order: -3 })!.order).toBe(-3);
  });
});

describe('applySighting', () => {
  const sighting = { clientName: 'pi-porch', width: 1280, height: 720, lastSeen: 6000 };

  it('is false when only lastSeen moved, and moves it', () => {
    const entry = { ...complete };
    expect(applySighting(entry, sighting)).toBe(false);
    expect(entry.lastSeen).toBe(6000);
  });

  it('never moves lastSeen back', () => {
    const entry = { ...complete };
    applySighting(entry, { ...sighting, lastSeen: 10 });
    expect(entry.lastSeen).toBe(5000);
  });

  it('is true when the client sends a new name, and keeps the one an admin gave', () => {
    const entry = { ...complete };
    expect(applySighting(entry, { ...sighting, clientName: 'pi-4' })).toBe(true);
    expect(entry).toMatchObject({ clientName: 'pi-4', name: 'Front porch' });
  });

  it('keeps the client name when the sighting has none', () => {
    const entry = { ...complete };
    expect(applySighting(entry, { ...sighting, clientName: null })).toBe(false);
    expect(entry.clientName).toBe('pi-porch');
  });

  it('is true when the size changes, and takes a size only with both sides', () => {
    const entry = { ...complete };
    expect(applySighting(entry, { ...sighting, width: 640, height: 480 })).toBe(true);
    expect(entry).toMatchObject({ width: 640, height: 480 });
    expect(applySighting(entry, { ...sighting, width: 320, height: null })).toBe(false);
    expect(entry).toMatchObject({ width: 640, height: 480 });
  });
});
