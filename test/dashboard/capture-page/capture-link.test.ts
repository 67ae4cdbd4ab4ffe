import { describe, expect, it } from 'vitest';
import { captureLink, capturePageUrl, parseCaptureFragment, tokenInQuery } from '../../../dashboard/src/capture-page/capture-link.js';

describe('captureLink', () => {
  it('puts the camera and its token in the fragment, never in the query string', () => {
    const link = new URL(captureLink('http://192.168.1.10:3000', 'front-door', 'abc_DEF-123'));
    expect(link.pathname).toBe('/capture');
    expect(link.search).toBe('');
    expect(link.hash).toBe('#camera=front-door&token=abc_DEF-123');
  });

  it('keeps a reverse proxy sub-path, with or without its trailing slash', () => {
    expect(capturePageUrl('https://home.example/cams')).toBe('https://home.example/cams/capture');
    expect(capturePageUrl('https://home.example/cams/')).toBe('https://home.example/cams/capture');
  });

  it('round-trips through parseCaptureFragment, whatever characters the token has', () => {
    const token = 'a+b/c=d&e#f';
    const link = new URL(captureLink('https://relay.example', 'garage', token));
    expect(parseCaptureFragment(link.hash)).toEqual({ cameraId: 'garage', token, badCameraId: null });
  });
});

describe('parseCaptureFragment', () => {
  it('reads nothing from an empty fragment', () => {
    expect(parseCaptureFragment('')).toEqual({ cameraId: null, token: null, badCameraId: null });
  });

  it('reports a camera id the relay would refuse instead of using it', () => {
    expect(parseCaptureFragment('#camera=../admin&token=x')).toEqual({ cameraId: null, token: 'x', badCameraId: '../admin' });
  });

  it('takes a camera without a token (a signed-in admin may still send it)', () => {
    expect(parseCaptureFragment('camera=porch')).toEqual({ cameraId: 'porch', token: null, badCameraId: null });
  });
});

describe('tokenInQuery', () => {
  it('notices a token that came in the query string', () => {
    expect(tokenInQuery('?camera=a&token=b')).toBe(true);
    expect(tokenInQuery('')).toBe(false);
  });
});
