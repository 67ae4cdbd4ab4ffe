import { describe, expect, it } from 'vitest';
import { cameraUrls } from '../../../dashboard/src/tiles/links-dialog.js';

describe('cameraUrls', () => {
  it("builds the stream and snapshot URLs under the page's own path", () => {
    expect(cameraUrls('porch', 'https://home.example/cams/')).toEqual({
      mjpeg: 'https://home.example/cams/api/cameras/porch/stream.mjpeg',
      snapshot: 'https://home.example/cams/api/cameras/porch/snapshot.jpg',
    });
  });
});
