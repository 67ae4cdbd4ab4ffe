/** The H.264 part of the status line: the encoder, then the uplink's bytes and holes while H.264 is asked for. */
import { describe, expect, it } from 'vitest';
import { edgeNote } from '../../../capture-client/edge/edge-note.js';
import { UplinkBuffer } from '../../../capture-client/edge/uplink-buffer.js';

const QSV = { encoder: 'h264_qsv', hardware: true, failed: [] };

describe('edgeNote', () => {
  it('names the encoder alone while the relay asks for no H.264', () => {
    expect(edgeNote(QSV, null)).toBe('H.264: h264_qsv');
    expect(edgeNote({ encoder: 'libx264', hardware: false, failed: [{ encoder: 'h264_nvenc', error: 'Cannot load nvcuda.dll' }] }, null)).toBe(
      'H.264: libx264 (no hardware encoder opened)',
    );
  });

  it('adds the bytes acked, the bytes waiting and the holes of the uplink', () => {
    const uplink = new UplinkBuffer({ maxMs: 100 });
    const au = (t: number, keyframe: boolean) => ({ data: Buffer.alloc(500_000), keyframe, capturedAt: t, width: 1280, height: 720 });
    uplink.offer(au(0, true));
    uplink.offer(au(50, false));
    uplink.ack(uplink.next()!.seq);
    uplink.offer(au(200, false));
    expect(edgeNote(QSV, uplink)).toBe('H.264: h264_qsv, uplink 0.5 MB sent, 0.5 MB waiting, 1 hole');
  });
});
