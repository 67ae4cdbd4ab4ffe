/** The SDP a DESCRIBE answers, from a real libx264 keyframe. */
import { describe, expect, it } from 'vitest';
import { nalUnits } from '../../../common/codec/annexb.js';
import { h264Sdp } from '../../../server/streams/rtsp-sdp.js';
import { h264AccessUnits } from '../../helpers/h264.js';

describe('h264Sdp', () => {
  it('offers H.264 on payload 96 with the SPS and PPS as sprop-parameter-sets and the profile-level-id', async () => {
    const [first] = await h264AccessUnits(1, 320, 180, 1);
    const sdp = h264Sdp({ keyframe: first!.au, width: 320, height: 180, name: 'yard', address: '127.0.0.1' })!;
    const [sps, pps] = nalUnits(first!.au).filter((u) => [7, 8].includes(u[0]! & 0x1f));
    expect(sdp).toContain('m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n');
    expect(sdp).toContain(`sprop-parameter-sets=${Buffer.from(sps!).toString('base64')},${Buffer.from(pps!).toString('base64')}`);
    expect(sdp).toContain(`profile-level-id=${Buffer.from(sps!.subarray(1, 4)).toString('hex')}`);
    expect(sdp).toContain('a=control:trackID=0');
    expect(h264Sdp({ keyframe: Buffer.of(0, 0, 0, 1, 0x41, 1), width: 1, height: 1, name: 'x', address: '::1' })).toBeNull();
  });

  it("adds the camera's sound as a second track, trackID=1, after the picture's", async () => {
    const [first] = await h264AccessUnits(1, 320, 180, 1);
    const audio = { codec: 'aac' as const, sampleRate: 48_000, channels: 2, config: '1190' };
    const sdp = h264Sdp({ keyframe: first!.au, width: 320, height: 180, name: 'yard', address: '127.0.0.1', audio })!;
    const media = sdp.split('m=');
    expect(media).toHaveLength(3);
    expect(media[1]).toMatch(/^video .*a=control:trackID=0\r\n$/s);
    expect(media[2]).toBe(
      'audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/48000/2\r\n' +
        'a=fmtp:97 streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1190\r\n' +
        'a=recvonly\r\na=control:trackID=1\r\n',
    );
  });
});
