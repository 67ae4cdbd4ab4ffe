import { describe, expect, it } from 'vitest';
import {
  captureCommand,
  formatCameras,
  formatCreatedAt,
  parseCameraList,
  parseTokens,
  parseUsers,
  shellQuote,
} from '../../../dashboard/src/admin/admin-data.js';

describe('captureCommand', () => {
  it('builds the ready-to-paste command for a new token', () => {
    expect(captureCommand('https://cams.example.com', 'front-door', 'q0Zc9_-AbCdEfGhIjKlMnOpQrStUvWx')).toBe(
      'npm run capture -- --server https://cams.example.com --camera front-door --token q0Zc9_-AbCdEfGhIjKlMnOpQrStUvWx',
    );
  });

  it('keeps the port of the origin', () => {
    expect(captureCommand('http://192.168.1.20:3000', 'cam1', 'abc')).toBe('npm run capture -- --server http://192.168.1.20:3000 --camera cam1 --token abc');
  });

  it('quotes anything a shell would read differently', () => {
    expect(captureCommand('http://x', 'a b', "it's")).toBe(`npm run capture -- --server http://x --camera 'a b' --token 'it'\\''s'`);
  });
});

describe('shellQuote', () => {
  it('leaves safe words alone and single-quotes the rest', () => {
    expect(shellQuote('cam_1-a')).toBe('cam_1-a');
    expect(shellQuote('$(rm -rf ~)')).toBe("'$(rm -rf ~)'");
    expect(shellQuote('')).toBe("''");
  });
});

describe('parseCameraList', () => {
  it('reads `*` as every camera', () => {
    expect(parseCameraList(' * ')).toBe('*');
  });

  it('reads a comma-separated list, trimmed, without blanks or repeats', () => {
    expect(parseCameraList('front-door, garage,,garage ,')).toEqual(['front-door', 'garage']);
    expect(parseCameraList('  ')).toEqual([]);
  });
});

describe('formatCameras', () => {
  it('says all, none, or lists the ids', () => {
    expect(formatCameras('*')).toBe('all');
    expect(formatCameras([])).toBe('none');
    expect(formatCameras(['a', 'b'])).toBe('a, b');
  });
});

describe('formatCreatedAt', () => {
  it('shows the local date and time to the minute', () => {
    expect(formatCreatedAt(new Date(2024, 4, 1, 14, 3, 59).getTime())).toBe('2024-05-01 14:03');
  });

  it('shows a dash for a time that is not one', () => {
    expect(formatCreatedAt(Number.NaN)).toBe('—');
    expect(formatCreatedAt(1e20)).toBe('—');
  });
});

describe('parseTokens', () => {
  it('keeps well-formed tokens and skips the rest', () => {
    const good = { id: 't1', cameraId: 'door', label: 'porch', createdAt: 1 };
    expect(parseTokens([good, { id: 't2' }, null, { id: 't3', cameraId: 'yard', createdAt: 2 }])).toEqual([
      good,
      { id: 't3', cameraId: 'yard', label: '', createdAt: 2 },
    ]);
    expect(parseTokens(undefined)).toEqual([]);
  });

  it('keeps when a token was last used, and leaves it out when it never was or is not a number', () => {
    const base = { id: 't1', cameraId: 'door', label: 'porch', createdAt: 1 };
    expect(
      parseTokens([
        { ...base, lastUsedAt: 5 },
        { ...base, id: 't2', lastUsedAt: 'yesterday' },
      ]),
    ).toEqual([
      { ...base, lastUsedAt: 5 },
      { ...base, id: 't2' },
    ]);
  });
});

describe('parseUsers', () => {
  it('keeps well-formed users and skips the rest', () => {
    expect(
      parseUsers([
        { username: 'kim', role: 'viewer', cameras: ['door'] },
        { username: 'x', role: 'god' },
      ]),
    ).toEqual([{ username: 'kim', role: 'viewer', cameras: ['door'] }]);
  });
});
