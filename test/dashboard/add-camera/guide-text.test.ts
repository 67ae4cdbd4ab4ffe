import { describe, expect, it } from 'vitest';
import { CAMERA_ID_PATTERN } from '../../../shared/protocol.js';
import { cameraIdOf, commandName, GUIDE_KINDS, isGuideKind, liveLine } from '../../../dashboard/src/add-camera/guide-text.js';

describe('GUIDE_KINDS', () => {
  it('offers a Windows PC, a Linux or macOS PC, a phone and an IP camera, in that order', () => {
    expect(GUIDE_KINDS.map((k) => k.title)).toEqual(['Windows PC', 'Linux or macOS PC', 'Phone', 'IP camera']);
    expect(isGuideKind('phone')).toBe(true);
    expect(isGuideKind('browser')).toBe(false);
  });
});

describe('cameraIdOf', () => {
  it('gives the id a name stands for, in the alphabet the relay takes', () => {
    expect(cameraIdOf('Front door')).toBe('front-door');
    expect(cameraIdOf('  Garage #2 (back) ')).toBe('garage-2-back');
    expect(cameraIdOf('Café à côté')).toBe('cafe-a-cote');
    expect(cameraIdOf('under_score')).toBe('under_score');
    for (const name of ['Front door', 'x'.repeat(200), '-lead', '_lead', 'Ünïcödé …']) expect(cameraIdOf(name)).toMatch(CAMERA_ID_PATTERN);
  });

  it('is null when nothing of the name is left', () => {
    expect(cameraIdOf('')).toBeNull();
    expect(cameraIdOf('   ')).toBeNull();
    expect(cameraIdOf('前门')).toBeNull();
  });
});

describe('commandName', () => {
  it('keeps what every shell takes as it is in quotes, and drops the rest', () => {
    expect(commandName('Front door')).toBe('Front door');
    expect(commandName("Bob's door (back)")).toBe("Bob's door (back)");
    expect(commandName('50% "off" $HOME `x` & | < > ^ !')).toBe('50 off HOME x');
    expect(commandName('  two   spaces\tand a tab ')).toBe('two spaces and a tab');
  });
});

describe('liveLine', () => {
  it('waits until the camera is in the list, connected, and has sent its first frame', () => {
    expect(liveLine('Front door', undefined)).toEqual({ live: false, text: 'Waiting for Front door…' });
    expect(liveLine('Front door', { status: 'offline', fps: 0, ingest: null }).text).toBe('Waiting for Front door…');
    expect(liveLine('Front door', { status: 'starting', fps: 0, ingest: 'polling' }).text).toBe('Front door is connected: waiting for its first frame…');
    expect(liveLine('Front door', { status: 'stalled', fps: 0, ingest: 'websocket' }).live).toBe(false);
  });

  it('says the frame rate and the link once it is live', () => {
    expect(liveLine('Front door', { status: 'live', fps: 14.6, ingest: 'websocket' })).toEqual({
      live: true,
      text: 'Front door is live: 15 fps over websocket',
    });
    expect(liveLine('Porch', { status: 'live', fps: 5, ingest: null })).toEqual({ live: true, text: 'Porch is live: 5 fps' });
  });

  it('says the link alone until the relay has measured the rate (its first second)', () => {
    expect(liveLine('Front door', { status: 'live', fps: 0, ingest: 'polling' }).text).toBe('Front door is live over polling');
    expect(liveLine('Porch', { status: 'live', fps: 0.2, ingest: null }).text).toBe('Porch is live');
  });
});
