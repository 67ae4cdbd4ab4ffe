/** The ffmpeg argument array for an RTSP camera: one argv element per value, whatever the URL holds. */
import { describe, expect, it } from 'vitest';
import { buildRtspArgs } from '../../../capture-client/sources/rtsp-args.js';

const URL_WITH_SPACE = 'rtsp://admin:p%20w@10.0.0.9:554/Streaming/Channels/102?transportmode=unicast';

describe('rtsp-args', () => {
  describe('#buildRtspArgs', () => {
    it('reads the camera over TCP with a 5 s socket timeout, starts decoding without probing the stream, and writes JPEGs at the asked rate to stdout', () => {
      const args = buildRtspArgs({ url: URL_WITH_SPACE, fps: 10 });
      expect(args.slice(args.indexOf('-rtsp_transport'), args.indexOf('-i') + 2)).toEqual([
        '-rtsp_transport',
        'tcp',
        '-stimeout',
        '5000000',
        '-fflags',
        'nobuffer',
        '-probesize',
        '32',
        '-analyzeduration',
        '0',
        '-i',
        URL_WITH_SPACE,
      ]);
      expect(args.slice(args.indexOf('-vf'))).toEqual(['-vf', 'fps=10', '-c:v', 'mjpeg', '-q:v', '4', '-f', 'image2pipe', 'pipe:1']);
      expect(args).toContain('-nostdin');
      expect(args.slice(args.indexOf('-loglevel'), args.indexOf('-loglevel') + 2)).toEqual(['-loglevel', 'level+info']);
    });

    it('uses UDP, the newer timeout option, the width (never enlarging) and the quality when asked', () => {
      const args = buildRtspArgs({ url: 'rtsp://10.0.0.9/sub', fps: 5, width: 320, quality: 50, transport: 'udp', timeoutOption: 'timeout' });
      expect(args.slice(args.indexOf('-rtsp_transport'), args.indexOf('-rtsp_transport') + 4)).toEqual(['-rtsp_transport', 'udp', '-timeout', '5000000']);
      expect(args[args.indexOf('-vf') + 1]).toBe('fps=5,scale=w=min(iw\\,320):h=-1');
      expect(args[args.indexOf('-q:v') + 1]).toBe('10');
    });

    it("probes the stream as ffmpeg does by default for a camera whose SDP does not say the video's size", () => {
      const args = buildRtspArgs({ url: 'rtsp://10.0.0.9/sub', fps: 5, fullProbe: true });
      expect(args).not.toContain('-probesize');
      expect(args).not.toContain('-analyzeduration');
      expect(args.slice(args.indexOf('-i'), args.indexOf('-i') + 2)).toEqual(['-i', 'rtsp://10.0.0.9/sub']);
    });
  });
});
