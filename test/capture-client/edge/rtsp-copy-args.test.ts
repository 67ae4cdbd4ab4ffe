/** ffmpeg's copy arguments, its stream line read, and its failures said with the password masked. */
import { describe, expect, it } from 'vitest';
import { copyError, rtspCopyArgs, streamInfo } from '../../../capture-client/edge/rtsp-copy-args.js';

const URL_WITH_SECRET = 'rtsp://admin:p%40ss@192.168.1.20:554/main';

describe('rtspCopyArgs', () => {
  it('copies the video, never decodes it, and writes Annex B with the parameter sets before each keyframe', () => {
    const args = rtspCopyArgs(URL_WITH_SECRET, 'udp').join(' ');
    // No audio asked: the camera is asked for video only, so audio packets cannot fill the small probe.
    expect(args).toContain('-rtsp_transport udp -allowed_media_types video -i rtsp://');
    expect(args).toContain('-map 0:v:0 -an -c:v copy -bsf:v dump_extra');
    expect(args).toMatch(/-f h264 pipe:1$/);
  });

  it('asks the camera for its audio only when the audio goes to its socket', () => {
    const args = rtspCopyArgs(URL_WITH_SECRET, 'tcp', 5000).join(' ');
    expect(args).toContain('-rtsp_transport tcp -i rtsp://');
    expect(args).toMatch(/-map 0:a:0 -vn -c:a copy -flush_packets 1 -f adts tcp:\/\/127\.0\.0\.1:5000$/);
  });

  it('makes the audio AAC, 16 kHz mono, when told to encode it (#40: G.711 cameras), the video still copied', () => {
    const args = rtspCopyArgs(URL_WITH_SECRET, 'tcp', 5000, undefined, 'h264', 'encode').join(' ');
    expect(args).toContain('-c:v copy');
    expect(args).toMatch(/-map 0:a:0 -vn -c:a aac -ac 1 -ar 16000 -b:a 32k -flush_packets 1 -f adts tcp:\/\/127\.0\.0\.1:5000$/);
  });
});

describe('streamInfo', () => {
  it("reads the codec and size from ffmpeg's input stream line", () => {
    const line =
      '    Stream #0:0: Video: h264 (Constrained Baseline), yuv420p(tv, bt709, progressive), 1280x720 [SAR 1:1 DAR 16:9], 15 fps, 15 tbr, 90k tbn, 30 tbc';
    expect(streamInfo(line)).toEqual({ codec: 'h264', width: 1280, height: 720 });
    expect(streamInfo('    Stream #0:0: Video: hevc (Main), yuvj420p(pc), 2560x1440, 20 fps')).toEqual({ codec: 'hevc', width: 2560, height: 1440 });
    expect(streamInfo('    Stream #0:1: Audio: aac, 16000 Hz, mono')).toBeNull();
  });
});

describe('copyError', () => {
  it('says CAMERA_AUTH for a 401, with no form of the password in it', () => {
    const lines = [
      '[rtsp @ 0x2aaafe00] method DESCRIBE failed: 401 Unauthorized',
      `${URL_WITH_SECRET}: Server returned 401 Unauthorized (authorization failed)`,
      'p@ss',
    ];
    const err = copyError(lines, 1, URL_WITH_SECRET);
    expect(err.code).toBe('CAMERA_AUTH');
    expect(err.message).toContain('rtsp://admin:***@192.168.1.20:554/main');
    expect(err.message).not.toMatch(/p@ss|p%40ss/);
  });

  it('says CAMERA_UNREACHABLE for a refused connection, and SOURCE_FAILED otherwise', () => {
    expect(copyError(['[tcp @ 0x1] Connection to tcp://192.168.1.20:554?timeout=0 failed: Connection refused'], 1, URL_WITH_SECRET).code).toBe(
      'CAMERA_UNREACHABLE',
    );
    expect(copyError(['Server returned 404 Not Found'], 1, URL_WITH_SECRET).code).toBe('SOURCE_FAILED');
  });
});
