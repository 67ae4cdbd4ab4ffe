import { describe, expect, it } from 'vitest';
import { backchannelTrack } from '../../../capture-client/talk/backchannel-sdp.js';

/** GStreamer's RTSPOnvifServer's answer to DESCRIBE with `Require: www.onvif.org/ver20/backchannel` (shortened). */
const GSTREAMER = [
  'v=0',
  'a=control:*',
  'm=video 0 RTP/AVP 96',
  'a=rtpmap:96 H264/90000',
  'a=control:stream=0',
  'a=recvonly',
  'm=audio 0 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  'a=control:stream=1',
  'a=recvonly',
  'm=audio 0 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  'a=control:stream=2',
  'a=x-onvif-track:AUDIO002',
  'a=sendonly',
  '',
].join('\r\n');

describe('backchannelTrack', () => {
  it('finds the audio track marked sendonly and resolves its control URL against the Content-Base', () => {
    expect(backchannelTrack(GSTREAMER, 'rtsp://10.0.0.9:554/talk/')).toEqual({
      law: 'pcmu',
      payloadType: 0,
      clockRate: 8000,
      control: 'rtsp://10.0.0.9:554/talk/stream=2',
    });
  });

  it('takes A-law by its static payload type with no rtpmap, and an absolute control as it is', () => {
    const sdp = 'v=0\nm=audio 0 RTP/AVP 8\na=control:rtsp://cam/trackID=5\na=sendonly\n';
    expect(backchannelTrack(sdp, 'rtsp://cam/')).toEqual({ law: 'pcma', payloadType: 8, clockRate: 8000, control: 'rtsp://cam/trackID=5' });
  });

  it('says why when there is no back channel, or one that takes only other codecs', () => {
    expect(backchannelTrack(GSTREAMER.replace('a=sendonly', 'a=recvonly'), 'rtsp://cam/')).toEqual({ why: expect.stringContaining('no audio back channel') });
    const aac = 'v=0\nm=audio 0 RTP/AVP 97\na=rtpmap:97 MPEG4-GENERIC/16000/1\na=sendonly\n';
    expect(backchannelTrack(aac, 'rtsp://cam/')).toEqual({ why: expect.stringContaining('MPEG4-GENERIC/16000') });
  });
});
