import { describe, expect, it } from 'vitest';
import { cameraRoute, routeCamera } from '../../../dashboard/src/tiles/single-view.js';

describe('routeCamera', () => {
  it('reads the camera of #/camera/<id>, and nothing else', () => {
    expect(routeCamera('#/camera/front-door')).toBe('front-door');
    expect(routeCamera(cameraRoute('a b'))).toBe('a b');
    expect(routeCamera('')).toBeNull();
    expect(routeCamera('#/camera/')).toBeNull();
    expect(routeCamera('#/camera/%E0%A4%A')).toBeNull();
  });
});
