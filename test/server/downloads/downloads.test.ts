/**
 * The relay hands out the one-file capture program when it was built there, and says how to build
 * it when it was not (a camera PC's user reads the refusal in a browser).
 */
import express from 'express';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DOWNLOAD_PATH, serveDownloads } from '../../../server/downloads/downloads.js';
import { ZIP_NAME } from '../../../common/capture-artefacts.js';

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

async function serve(dir: string): Promise<string> {
  const app = express();
  serveDownloads(app, dir);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  closers.push(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('GET /downloads/camrelay-capture-win-x64.zip', () => {
  it('sends the built zip as a download', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-downloads-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, ZIP_NAME), 'PK\u0003\u0004 zip bytes');
    const res = await fetch(`${await serve(dir)}${DOWNLOAD_PATH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename=${ZIP_NAME}`);
    expect(await res.text()).toBe('PK\u0003\u0004 zip bytes');
  });

  it('answers NOT_BUILT, naming the command, when the relay has no build', async () => {
    const res = await fetch(`${await serve(path.join(tmpdir(), 'camrelay-no-such-build'))}${DOWNLOAD_PATH}`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe('NOT_BUILT');
    expect(body.message).toContain('npm run build:capture');
  });
});
