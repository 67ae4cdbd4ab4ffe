/**
 * The transport contract: what every egress (frames out to a viewer) and every ingest (frames in
 * from a camera) must do, whatever carries the bytes. Each transport supplies a small adapter and
 * runs the same tests (contract.test.ts); a new transport passes them before it ships.
 */
import { describe, expect, it, afterEach } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords.js';
import type { TableLine } from '../../../server/modules/module.js';
import { noisyJpeg } from '../../helpers/jpeg.js';
import { startTestServer, stopTestServer, TEST_ADMIN, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';

export interface Account {
  username: string;
  password: string;
}

/** A viewer of one camera over the egress under test. */
export interface EgressReader {
  /** Sequence numbers of the frames received, in arrival order. */
  readonly seqs: number[];
  /** Stops taking frames (withholds acks, stops reading the socket), as a frozen tab does. */
  freeze(): void;
  thaw(): void;
  /** True once the server ended it. */
  readonly ended: boolean;
  close(): void;
}

export interface EgressAdapter {
  name: string;
  open(server: TestServer, cameraId: string, account: Account): Promise<EgressReader>;
  /** Asks for something malformed; resolves to the error code the egress answered. */
  badInput(server: TestServer): Promise<string>;
  badInputCode: string;
}

/** A capture connection over the ingest under test. */
export interface IngestWriter {
  /** Sends one frame and resolves to the server's answer (code when refused or unanswered). */
  send(seq: number, jpeg: Buffer): Promise<{ ok: boolean; code?: string }>;
  close(): void;
}

export interface IngestAdapter {
  name: string;
  connect(server: TestServer, cameraId: string, token: string): Promise<IngestWriter>;
}

export interface ContractOptions {
  /** A module table other than the server's own (a test transport added). */
  table?: readonly TableLine[];
}

const VIEWER: Account = { username: 'contract-viewer', password: 'contract-viewer-password' };

async function start(o: ContractOptions): Promise<TestServer> {
  // Frames are pushed faster than a camera would; the per-camera rate limit is not under test.
  const server = await startTestServer({ maxFps: 10_000 }, o.table);
  server.store.putUser({ username: VIEWER.username, role: 'viewer', cameras: ['cam'], password: await hashPassword(VIEWER.password) });
  return server;
}

/** A camera sending straight into the core, so only the egress is under test. */
function coreCamera(server: TestServer) {
  const ingest = server.relay.openIngest('cam', 'Contract camera', 'contract', 'websocket');
  let seq = 0;
  return {
    push: (jpeg: Buffer) => ingest.push({ seq: seq++, capturedAt: Date.now() }, jpeg),
    get produced() {
      return seq;
    },
  };
}

const increasing = (seqs: readonly number[]) => seqs.every((s, i) => i === 0 || s > seqs[i - 1]!);

export function egressContract(adapter: EgressAdapter, o: ContractOptions = {}): void {
  describe(`egress contract: ${adapter.name}`, () => {
    let server: TestServer | undefined;
    let reader: EgressReader | undefined;
    afterEach(async () => {
      reader?.close();
      await stopTestServer(server);
      server = reader = undefined;
    });

    it("delivers a camera's frames in order, ending at the newest", async () => {
      server = await start(o);
      const camera = coreCamera(server);
      const jpeg = await noisyJpeg(160, 120);
      camera.push(jpeg);
      reader = await adapter.open(server, 'cam', TEST_ADMIN);
      await waitFor(() => reader!.seqs.length > 0, 'the first frame');
      for (let i = 0; i < 30; i++) camera.push(jpeg);
      await waitFor(() => reader!.seqs.at(-1) === camera.produced - 1, 'the newest frame');
      expect(increasing(reader.seqs)).toBe(true);
    });

    it('holds at most two frames for a frozen reader, drops the rest, and jumps to the newest when it reads again', async () => {
      server = await start(o);
      const camera = coreCamera(server);
      // Large frames, so a frozen socket's kernel buffers fill after a few.
      const frames = await Promise.all([0, 1, 2, 3].map((n) => noisyJpeg(1280, 720, n)));
      camera.push(frames[0]!);
      reader = await adapter.open(server, 'cam', TEST_ADMIN);
      await waitFor(() => reader!.seqs.length > 0, 'the first frame');
      reader.freeze();
      for (let i = 0; i < 80; i++) {
        camera.push(frames[i % 4]!);
        expect(Math.max(...server.relay.viewerLoad().map((v) => v.held))).toBeLessThanOrEqual(2);
      }
      await waitFor(() => server!.relay.viewerLoad()[0]!.dropped > 0, 'frames dropped for the frozen reader');
      reader.thaw();
      // The camera goes on: a reader that dropped its requests when it froze (frame-fetch aborts
      // its GETs, losing what was written into them) is owed the next frame, not a backlog.
      camera.push(frames[0]!);
      await waitFor(() => reader!.seqs.at(-1) === camera.produced - 1, 'the newest frame after the thaw');
      expect(reader.seqs.length).toBeLessThan(camera.produced);
      expect(increasing(reader.seqs)).toBe(true);
    });

    it("ends when the viewer's rights end", async () => {
      server = await start(o);
      coreCamera(server).push(await noisyJpeg(160, 120));
      reader = await adapter.open(server, 'cam', VIEWER);
      await waitFor(() => reader!.seqs.length > 0, 'the first frame');
      server.store.deleteUser(VIEWER.username);
      await waitFor(() => reader!.ended, 'the end after the account was deleted');
    });

    it("is ended and released by the server's close", async () => {
      server = await start(o);
      coreCamera(server).push(await noisyJpeg(160, 120));
      reader = await adapter.open(server, 'cam', TEST_ADMIN);
      await waitFor(() => reader!.seqs.length > 0, 'the first frame');
      const closed = server;
      await stopTestServer(server);
      server = undefined;
      await waitFor(() => reader!.ended, 'the end at shutdown');
      expect(closed.relay.viewerCount).toBe(0);
    });

    it('answers bad input with its error code', async () => {
      server = await start(o);
      expect(await adapter.badInput(server)).toBe(adapter.badInputCode);
    });
  });
}

export function ingestContract(adapter: IngestAdapter, o: ContractOptions = {}): void {
  describe(`ingest contract: ${adapter.name}`, () => {
    let server: TestServer | undefined;
    let writer: IngestWriter | undefined;
    afterEach(async () => {
      writer?.close();
      await stopTestServer(server);
      server = writer = undefined;
    });

    /** A viewer in the core: records what reaches it; `frozen` never frees its pipe. */
    const coreViewer = (s: TestServer, frozen = false) => {
      const seqs: number[] = [];
      const viewer = s.relay.addViewer({ write: (frame, done) => (seqs.push(frame.seq), frozen || done()) });
      viewer.subscribe(['cam']);
      return seqs;
    };

    it('hands every frame to the core in order', async () => {
      server = await start(o);
      const seen = coreViewer(server);
      writer = await adapter.connect(server, 'cam', server.captureToken);
      const jpeg = await noisyJpeg(160, 120);
      for (let seq = 0; seq < 20; seq++) expect(await writer.send(seq, jpeg)).toMatchObject({ ok: true });
      await waitFor(() => seen.length === 20, 'twenty frames in the core');
      expect(seen).toEqual([...Array(20).keys()]);
    });

    it('is never slowed by a frozen viewer, which holds at most two frames', async () => {
      server = await start(o);
      coreViewer(server, true);
      writer = await adapter.connect(server, 'cam', server.captureToken);
      const jpeg = await noisyJpeg(160, 120);
      for (let seq = 0; seq < 20; seq++) expect(await writer.send(seq, jpeg)).toMatchObject({ ok: true });
      // One in flight forever, one pending: each of the other eighteen replaced by the next.
      const [load] = server.relay.viewerLoad();
      expect(load!.held).toBe(2);
      expect(load!.dropped).toBe(18);
    });

    it('refuses frames once its camera token is revoked', async () => {
      server = await start(o);
      const { token, secret } = server.store.createToken('cam');
      writer = await adapter.connect(server, 'cam', secret);
      const jpeg = await noisyJpeg(160, 120);
      expect(await writer.send(0, jpeg)).toMatchObject({ ok: true });
      server.store.revokeToken(token.id);
      let seq = 1;
      await waitFor(async () => !(await writer!.send(seq++, jpeg)).ok, 'a refused frame after the revocation');
      const last = server.relay.latestFrame('cam')!.seq;
      expect((await writer.send(seq++, jpeg)).ok).toBe(false);
      expect(server.relay.latestFrame('cam')!.seq).toBe(last);
    });

    it('takes nothing more once the server closed', async () => {
      server = await start(o);
      writer = await adapter.connect(server, 'cam', server.captureToken);
      const jpeg = await noisyJpeg(160, 120);
      expect(await writer.send(0, jpeg)).toMatchObject({ ok: true });
      await stopTestServer(server);
      server = undefined;
      expect((await writer.send(1, jpeg)).ok).toBe(false);
    });

    it('refuses a body that is not a JPEG with NOT_JPEG, and takes the next good frame', async () => {
      server = await start(o);
      writer = await adapter.connect(server, 'cam', server.captureToken);
      expect(await writer.send(0, Buffer.from('<html>not a picture</html>'))).toMatchObject({ ok: false, code: 'NOT_JPEG' });
      expect(await writer.send(1, await noisyJpeg(160, 120))).toMatchObject({ ok: true });
    });
  });
}
