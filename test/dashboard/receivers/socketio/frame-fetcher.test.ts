import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameFetcher } from '../../../../dashboard/src/receivers/socketio/frame-fetcher.js';
import { waitFor } from '../../../helpers/wait.js';

/** A real HTTP server that holds every GET until the test answers it. */
async function holdingServer() {
  const held: ServerResponse[] = [];
  let closedByClient = 0;
  const server = createServer((req, res) => {
    res.once('close', () => void (!res.writableFinished && closedByClient++));
    held.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    closedByClient: () => closedByClient,
    frame(cameraId: string, seq: number) {
      const res = held.shift()!;
      res.writeHead(200, { 'content-type': 'image/jpeg', 'x-frame-meta': JSON.stringify({ cameraId, seq }) }).end(Buffer.from(`${cameraId}${seq}`));
    },
    answer(status: number) {
      held.shift()!.writeHead(status).end();
    },
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

let close: (() => void) | undefined;
afterEach(() => close?.());

describe('FrameFetcher', () => {
  it('keeps two GETs waiting, hands each answer on with its metadata, and asks again at once', async () => {
    const s = await holdingServer();
    close = s.close;
    const got: string[] = [];
    const f = new FrameFetcher({ base: s.base, onFrame: (m, jpeg) => got.push(`${m.seq}:${Buffer.from(jpeg).toString()}`) });
    f.start('/frames/key');
    await waitFor(() => s.held.length === 2, 'two GETs waiting');
    s.frame('a', 1);
    await waitFor(() => got.length === 1 && s.held.length === 2, 'the frame, and a new GET in its place');
    expect(got).toEqual(['1:a1']);
    // Nothing came while it waited: the GET is simply made again.
    s.answer(204);
    await waitFor(() => s.held.length === 2, 'a new GET after the 204');
    s.frame('a', 2);
    await waitFor(() => got.length === 2, 'the next frame');
    expect(got).toEqual(['1:a1', '2:a2']);
    f.stop();
    await waitFor(() => s.closedByClient() === 2, 'the waiting GETs dropped on stop');
  });

  it('reports a failed GET and tries again while it runs', async () => {
    const s = await holdingServer();
    close = s.close;
    const errors: string[] = [];
    const f = new FrameFetcher({ base: s.base, onFrame: () => {}, onError: (reason) => errors.push(reason) });
    f.start('/frames/gone');
    await waitFor(() => s.held.length === 2, 'two GETs waiting');
    s.answer(404);
    await waitFor(() => errors.length === 1, 'the error reported');
    expect(errors).toEqual(['HTTP 404']);
    await waitFor(() => s.held.length === 2, 'a GET again after the pause', 3000);
    f.stop();
  });
});
