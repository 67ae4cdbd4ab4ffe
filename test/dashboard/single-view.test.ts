import { describe, expect, it } from 'vitest';
import { cameraRoute, routeCamera } from '../../dashboard/src/single-view.js';
import { cameraUrls } from '../../dashboard/src/links-dialog.js';
import { snapshotFileName } from '../../dashboard/src/snapshot.js';

describe('routeCamera', () => {
  it('reads the camera of #/camera/<id>, and nothing else', () => {
    expect(routeCamera('#/camera/front-door')).toBe('front-door');
    expect(routeCamera(cameraRoute('a b'))).toBe('a b');
    expect(routeCamera('')).toBeNull();
    expect(routeCamera('#/camera/')).toBeNull();
    expect(routeCamera('#/camera/%E0%A4%A')).toBeNull();
  });
});

describe('cameraUrls', () => {
  it('builds the stream and snapshot URLs under the page\'s own path', () => {
    expect(cameraUrls('porch', 'https://home.example/cams/')).toEqual({
      mjpeg: 'https://home.example/cams/api/cameras/porch/stream.mjpeg',
      snapshot: 'https://home.example/cams/api/cameras/porch/snapshot.jpg',
    });
  });
});

describe('snapshotFileName', () => {
  it('names the file after the camera and the frame\'s local time', () => {
    const at = new Date(2026, 10, 22, 23, 40, 5).getTime();
    expect(snapshotFileName('front-door', at)).toBe('front-door_2026-11-22_23-40-05.jpg');
  });
});
