import { describe, expect, it } from 'vitest';
import { withCredentials } from '../../../dashboard/src/admin/ip-cameras-view.js';

describe('withCredentials', () => {
  it("puts the form's user name and password into an address without its own, encoded", () => {
    expect(withCredentials('rtsp://10.0.0.9:554/sub', 'admin', 'p@ss:w/rd')).toBe('rtsp://admin:p%40ss%3Aw%2Frd@10.0.0.9:554/sub');
  });

  it('leaves an address alone when no user is given or it carries its own', () => {
    expect(withCredentials('rtsp://10.0.0.9/sub', '', 'pw')).toBe('rtsp://10.0.0.9/sub');
    expect(withCredentials('rtsp://cam:own@10.0.0.9/sub', 'admin', 'pw')).toBe('rtsp://cam:own@10.0.0.9/sub');
  });
});
