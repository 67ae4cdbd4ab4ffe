import { describe, expect, it } from 'vitest';
import { rtspUrl, streamUrl, tokensPath } from '../../../dashboard/src/admin/streams-view.js';

describe('streamUrl', () => {
  it("is the relay's stream.mp4 of the camera with the token in its query, as docs/streams.md prints it", () => {
    expect(streamUrl('http://192.168.1.10:3000/', 'front', 'TOKEN')).toBe('http://192.168.1.10:3000/api/cameras/front/stream.mp4?token=TOKEN');
  });

  it('keeps the sub-path a reverse proxy serves the relay under', () => {
    expect(streamUrl('https://example.org/camrelay/', 'front', 'abc')).toBe('https://example.org/camrelay/api/cameras/front/stream.mp4?token=abc');
  });

  it('encodes what a URL would read otherwise', () => {
    expect(streamUrl('http://relay/', 'front', 'a+b/c=')).toBe('http://relay/api/cameras/front/stream.mp4?token=a%2Bb%2Fc%3D');
    expect(streamUrl('http://relay/', 'front', 'abc', 'hls')).toBe('http://relay/api/cameras/front/stream.m3u8?token=abc');
  });
});

describe('rtspUrl', () => {
  it("is the camera on the relay's RTSP port, at the host the page reached, as docs/streams.md prints it", () => {
    expect(rtspUrl('http://192.168.1.10:3000/', 8554, 'front', 'TOKEN')).toBe('rtsp://192.168.1.10:8554/front?token=TOKEN');
  });

  it("drops the page's port, scheme and sub-path: RTSP has a port of its own", () => {
    expect(rtspUrl('https://example.org/camrelay/', 9554, 'front', 'abc')).toBe('rtsp://example.org:9554/front?token=abc');
  });

  it('keeps an IPv6 host in brackets and encodes the token', () => {
    expect(rtspUrl('http://[fd00::10]:3000/', 8554, 'front', 'a+b/c=')).toBe('rtsp://[fd00::10]:8554/front?token=a%2Bb%2Fc%3D');
  });
});

describe('tokensPath', () => {
  it("is the camera's stream tokens on the API", () => {
    expect(tokensPath('front-door')).toBe('/api/cameras/front-door/stream-tokens');
  });
});
