/** A real local HTTP server posing as a webhook receiver: it keeps what it is sent and answers as told. */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The status of each next answer in turn (the last one repeats); `hold` never answers. */
  answers: Array<number | 'hold'>;
  close(): Promise<void>;
}

export async function startReceiver(answers: Array<number | 'hold'> = [200]): Promise<Receiver> {
  const held: ServerResponse[] = [];
  const r = { received: [] as Received[], answers } as Receiver;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d));
    req.on('end', () => {
      r.received.push({ method: req.method!, path: req.url!, headers: req.headers, body });
      const answer = r.answers.length > 1 ? r.answers.shift()! : r.answers[0]!;
      if (answer === 'hold') held.push(res);
      else res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  r.close = async () => {
    for (const res of held) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return r;
}
