import { describe, expect, it } from 'vitest';
import { copyArgs, lastError, remotePath } from '../../../server/offsite/rclone.js';

describe('rclone', () => {
  describe('remotePath', () => {
    it('joins a folder and a remote root with one separator', () => {
      expect(remotePath('evidence:camrelay', 'door/2026-11-24/1.jpg')).toBe('evidence:camrelay/door/2026-11-24/1.jpg');
      expect(remotePath('evidence:', 'door/1.jpg')).toBe('evidence:door/1.jpg');
      expect(remotePath('evidence:cams/', 'door/1.jpg')).toBe('evidence:cams/door/1.jpg');
    });
  });

  describe('copyArgs', () => {
    it('passes the config, short retries, timeouts and the bandwidth limit', () => {
      expect(copyArgs({ rcloneConfig: '/c/rclone.conf', bwlimit: '1M' }, '/tmp/a.mp4', 'e:x/a.mp4')).toEqual([
        'copyto',
        '/tmp/a.mp4',
        'e:x/a.mp4',
        '--config',
        '/c/rclone.conf',
        '--retries',
        '1',
        '--low-level-retries',
        '2',
        '--contimeout',
        '15s',
        '--timeout',
        '60s',
        '--ask-password=false',
        '--bwlimit',
        '1M',
      ]);
    });

    it("leaves rclone's own config and no limit when unset", () => {
      const args = copyArgs({}, 'a', 'b');
      expect(args).not.toContain('--config');
      expect(args).not.toContain('--bwlimit');
    });
  });

  describe('lastError', () => {
    it("keeps rclone's last error line, without its timestamp and the request it was making", () => {
      const out = [
        '2026/11/24 06:50:01 ERROR : 1.jpg: Failed to copy: Put "http://127.0.0.1:8080/dav/1.jpg": dial tcp 127.0.0.1:8080: connect: connection refused',
        '2026/11/24 06:50:01 ERROR : Attempt 1/1 failed with 1 errors and: Put "http://127.0.0.1:8080/dav/1.jpg": dial tcp 127.0.0.1:8080: connect: connection refused',
        '2026/11/24 06:50:01 Failed to copyto: Put "http://127.0.0.1:8080/dav/1.jpg": dial tcp 127.0.0.1:8080: connect: connection refused',
      ].join('\n');
      expect(lastError(out)).toBe('dial tcp 127.0.0.1:8080: connect: connection refused');
    });

    it('hides credentials in URLs, passwords and tokens', () => {
      expect(lastError('ERROR : upload to https://cam:hunter2@dav.example/x: 401')).toBe('upload to https://***@dav.example/x: 401');
      expect(lastError('Failed: pass=hunter2 token="abc def" Authorization: Bearer xyz')).not.toMatch(/hunter2|abc|xyz/);
    });

    it('says rclone failed when it said nothing', () => {
      expect(lastError('')).toBe('rclone failed');
    });
  });
});
