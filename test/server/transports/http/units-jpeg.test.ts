/**
 * JPEG as a unit kind by HTTP POST (#56 item 3): a `jpeg` item of a units POST reaches a viewer as a frames POST's JPEG
 * does, needs no offers, and is bounded by the frame cap of the bound table (unit-kinds.ts), which also sizes the body
 * the units route reads. Real relay, real HTTP and Socket.IO.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_DEMAND_HEADERS } from '../../../../shared/demand.js';
import { HTTP_HEADERS } from '../../../../shared/protocol.js';
import { UNITS_CONTENT_TYPE, unitsBody, type UnitToSend } from '../../../../shared/units.js';
import { makeJpeg } from '../../../helpers/jpeg.js';
import { jpegUnit, startJpegUnitStand, type JpegUnitStand } from '../../../helpers/jpeg-unit-stand.js';
import type { TestServer } from '../../../helpers/server.js';
import { waitFor } from '../../../helpers/wait.js';

/** Above H.264's 2 MiB, so the units body must be sized by the JPEG kind's bytes. */
const FRAME_CAP = 3 * 1024 * 1024;
let stand: JpegUnitStand;
let server: TestServer;
let picture: Buffer;

async function post(path: string, body: Uint8Array, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}/api/cameras/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.captureToken}`, ...headers },
    body: body as Uint8Array<ArrayBuffer>,
  });
  return { status: res.status, body: await res.json() };
}
const postUnits = (cameraId: string, units: UnitToSend[], offers = '') =>
  post(`${cameraId}/units`, unitsBody(units), { 'content-type': UNITS_CONTENT_TYPE, ...(offers ? { [HTTP_DEMAND_HEADERS.offers]: offers } : {}) });

/** `jpeg` grown to `total` bytes by comment segments after its SOI: still a JPEG whose header the relay reads. */
function padded(jpeg: Buffer, total: number): Buffer {
  const parts: Buffer[] = [jpeg.subarray(0, 2)];
  let size = jpeg.length;
  while (size < total) {
    const body = Math.min(65533, Math.max(1, total - size - 4));
    const segment = Buffer.alloc(4 + body, 0x20);
    segment.writeUInt16BE(0xfffe, 0);
    segment.writeUInt16BE(body + 2, 2);
    parts.push(segment);
    size += segment.length;
  }
  parts.push(jpeg.subarray(2));
  return Buffer.concat(parts);
}

beforeAll(async () => {
  picture = await makeJpeg(160, 90, 4);
  stand = await startJpegUnitStand(FRAME_CAP);
  server = stand.server;
}, 30_000);

afterAll(() => stand?.close());

describe('jpeg units by HTTP POST', () => {
  it('takes a jpeg item of a units POST, with no offers, as the frames POST takes its JPEG, and the viewer sees the same', async () => {
    const frames = await post('by-frames/frames', picture, {
      'content-type': 'image/jpeg',
      [HTTP_HEADERS.seq]: '1',
      [HTTP_HEADERS.capturedAt]: '1700000000001',
    });
    expect(frames).toEqual({ status: 202, body: { ok: true, seq: 1 } });
    expect(await postUnits('by-units', [jpegUnit(1, picture)])).toEqual({ status: 200, body: { ok: true, acks: [{ ok: true, seq: 1 }] } });
    await waitFor(() => stand.shown('by-frames').length > 0 && stand.shown('by-units').length > 0, 'both frames at the viewer');
    expect(stand.shown('by-units')).toEqual(stand.shown('by-frames'));
    expect(server.relay.cameras.getLocal('by-units')!.ingest).toBe('http');
  });

  it('still refuses a batch of other kinds without offers, whole, with BAD_UNITS', async () => {
    const detections: UnitToSend = { kind: 'detections', meta: { seq: 1, capturedAt: 1, width: 160, height: 90 }, data: Buffer.from('[]') };
    expect(await postUnits('no-offers', [jpegUnit(1, picture), detections])).toMatchObject({ status: 400, body: { error: 'BAD_UNITS' } });
  });

  it('holds the frame cap on a jpeg item (FRAME_TOO_LARGE, the other items taken) and reads a body as large as that cap', async () => {
    const atCap = padded(picture, FRAME_CAP);
    expect(atCap.length).toBe(FRAME_CAP);
    const over = padded(picture, FRAME_CAP + 1);
    const reply = await postUnits('big', [jpegUnit(1, atCap)]);
    expect(reply).toEqual({ status: 200, body: { ok: true, acks: [{ ok: true, seq: 1 }] } });
    const refused = await postUnits('big', [jpegUnit(2, over), jpegUnit(3, picture)]);
    expect(refused.status).toBe(200);
    expect((refused.body as { acks: Array<{ ok: boolean; error?: string; seq?: number }> }).acks.map((a) => (a.ok ? a.seq : a.error))).toEqual([
      'FRAME_TOO_LARGE',
      3,
    ]);
    const frames = await post('big/frames', over, { 'content-type': 'image/jpeg', [HTTP_HEADERS.seq]: '4' });
    expect(frames).toMatchObject({ status: 413, body: { error: 'FRAME_TOO_LARGE' } });
    await waitFor(() => stand.shown('big').some((s) => s.seq === 3), 'the taken frame at the viewer');
  });
});
