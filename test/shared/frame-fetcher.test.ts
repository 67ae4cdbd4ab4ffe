import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameFetcher } from '../../shared/frame-fetcher.js';
import type { MonitorFrameMeta } from '../../shared/protocol.js';
import { waitFor } from '../helpers/wait.js';

const meta = (cameraId: string, seq: number) => ({ cameraId, seq, epoch: 1, capturedAt: 0, clockSynced: false, receivedAt: 0, width: 1, height: 1 }) as MonitorFrameMeta;

/** A real HTTP server that holds every GET until the test lets it answer. */
async function holdingServer() {
  const held = new Map<string, ServerResponse>();
  const requested: string[] = [];
  const server = createServer((req, res) => {
    requested.push(req.url!);
    if (req.url === '/gone') return void res.writeHead(404).end();
    held.set(req.url!, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requested,
    answer: (path: string) => held.get(path)!.end(Buffer.from(path)),
    has: (path: string) => held.has(path),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

let close: (() => void) | undefined;
afterEach(() => close?.());

describe('FrameFetcher', () => {
  it('downloads one frame per camera at a time, keeps only the newest waiting reference, and runs cameras side by side', async () => {
    const s = await holdingServer();
    close = s.close;
    const got: Array<[string, number, string]> = [];
    const f = new FrameFetcher({ base: s.base, onFrame: (m, jpeg) => got.push([m.cameraId, m.seq, Buffer.from(jpeg).toString()]) });
    f.ref(meta('a', 1), '/a1');
    f.ref(meta('a', 2), '/a2');
    f.ref(meta('a', 3), '/a3');
    f.ref(meta('b', 1), '/b1');
    await waitFor(() => s.has('/a1') && s.has('/b1'), 'both cameras downloading');
    expect(s.requested).not.toContain('/a2');
    s.answer('/a1');
    await waitFor(() => s.has('/a3'), 'the newest waiting reference fetched next');
    s.answer('/a3');
    s.answer('/b1');
    await waitFor(() => got.length === 3, 'three frames');
    expect(got).toEqual(expect.arrayContaining([['a', 1, '/a1'], ['a', 3, '/a3'], ['b', 1, '/b1']]));
    expect(s.requested).not.toContain('/a2');
  });

  it('reports a failed GET and goes on with the next reference', async () => {
    const s = await holdingServer();
    close = s.close;
    const errors: string[] = [];
    const frames: number[] = [];
    const f = new FrameFetcher({ base: s.base, onFrame: (m) => frames.push(m.seq), onError: (m, reason) => errors.push(`${m.seq} ${reason}`) });
    f.ref(meta('a', 1), '/gone');
    await waitFor(() => errors.length === 1, 'the error reported');
    expect(errors).toEqual(['1 HTTP 404']);
    f.ref(meta('a', 2), '/a2');
    await waitFor(() => s.has('/a2'), 'the next GET');
    s.answer('/a2');
    await waitFor(() => frames.length === 1, 'the next frame');
    expect(frames).toEqual([2]);
  });
});
