/** The line said at once while a source starts: what the program waits for, a camera URL's password masked. */
import { describe, expect, it } from 'vitest';
import { openingWords } from '../../capture-client/opening-words.js';

describe('openingWords', () => {
  it('names the camera ffmpeg opens, by name, by number, or the first one', () => {
    expect(openingWords('ffmpeg', { device: 'Integrated Camera' })).toBe('Waiting for ffmpeg to open camera "Integrated Camera"…');
    expect(openingWords('ffmpeg', { device: '1' })).toBe('Waiting for ffmpeg to open camera 1…');
    expect(openingWords('ffmpeg', {})).toBe('Waiting for ffmpeg to open the first camera…');
  });

  it('says ffmpeg for the webcam source on Windows, where ffmpeg runs it, and a still elsewhere', () => {
    expect(openingWords('webcam', {}, 'win32')).toBe('Waiting for ffmpeg to open the first camera…');
    expect(openingWords('webcam', { device: '0' }, 'linux')).toBe('Waiting for the first still of camera 0…');
  });

  it('names an IP camera by its URL with the password masked', () => {
    const words = openingWords('rtsp', { url: 'rtsp://cam:p%40ss-secret@192.168.1.20:554/stream1' });
    expect(words).toBe('Waiting for the camera at rtsp://cam:***@192.168.1.20:554/stream1 to send its first picture…');
    expect(openingWords('snapshot', { url: 'http://192.168.1.21/snapshot.jpg' })).toContain('http://192.168.1.21/snapshot.jpg');
  });

  it('says nothing for sources that start at once', () => {
    expect(openingWords('file', { path: 'frames' })).toBeNull();
    expect(openingWords('test-pattern', {})).toBeNull();
  });
});
