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
});
