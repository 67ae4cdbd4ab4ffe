/**
 * The unauthenticated memory attacks of #13, as an attacker sends them: a binary packet announcing
 * ten attachments on a namespace never joined, then 2.5 MB attachments, over WebSocket and over
 * long-polling. Each resolves with how long the server took to cut it (null: it never did).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const ATTACHMENT = Buffer.alloc(2_500_000, 7);
/** Built once: fifty attackers each making nine 3.3 MB strings would load the test, not the relay. */
const ATTACHMENT_PACKET = `b${ATTACHMENT.toString('base64')}`;
/** The same over WebSocket (engine.io's message type byte first), built once for the same reason. */
const ATTACHMENT_FRAME = Buffer.concat([Buffer.from([4]), ATTACHMENT]);
/** A Socket.IO BINARY_EVENT header on /capture, announcing ten attachments. */
export const TEN_ATTACHMENTS = `4510-/capture,1["frame",{"seq":1,"capturedAt":1},${Array.from({ length: 10 }, (_, i) => `{"_placeholder":true,"num":${i}}`).join(',')}]`;

/** Over WebSocket: the header, then nine 2.5 MB binary messages, never joining the namespace. */
export async function websocketAttack(port: number, timeoutMs = 5000): Promise<number | null> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
  ws.on('error', () => {});
  const opened = await new Promise<boolean>((resolve) => {
    ws.once('message', () => resolve(true));
    ws.once('close', () => resolve(false));
  });
  if (!opened) return 0; // refused before it could send anything
  const started = Date.now();
  const closed = new Promise<number>((resolve) => ws.once('close', () => resolve(Date.now() - started)));
  ws.send(TEN_ATTACHMENTS);
  for (let i = 0; i < 9 && ws.readyState === WebSocket.OPEN; i++) ws.send(ATTACHMENT_FRAME, { binary: true });
  const timer = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref());
  const ms = await Promise.race([closed, timer]);
  ws.terminate();
  return ms;
}

/**
 * Over long-polling: the same header and attachments (base64, as engine.io carries binary on
 * polling) in POSTs, one packet each; cut when the session stops taking them.
 */
export async function pollingAttack(port: number, timeoutMs = 5000): Promise<number | null> {
  const base = `http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling`;
  const open = await fetch(base, { headers: { connection: 'close' } });
  const text = await open.text();
  if (!open.ok) return 0;
  const sid = (JSON.parse(text.slice(1)) as { sid: string }).sid;
  const started = Date.now();
  for (let i = 0; i < 10; i++) {
    const packet = i === 0 ? TEN_ATTACHMENTS : ATTACHMENT_PACKET;
    if (Date.now() - started > timeoutMs) return null;
    const res = await fetch(`${base}&sid=${sid}`, {
      method: 'POST',
      body: packet,
      headers: { 'content-type': 'text/plain;charset=UTF-8', connection: 'close' },
    }).catch(() => null);
    await res?.arrayBuffer();
    if (!res || res.status !== 200) return Date.now() - started;
  }
  // Every POST was taken: cut only if the session is gone now.
  const poll = await fetch(`${base}&sid=${sid}`, { headers: { connection: 'close' } });
  const body = await poll.text();
  return poll.status !== 200 || body.startsWith('1') ? Date.now() - started : null;
}

/**
 * `count` attackers at once (alternately WebSocket and long-polling) from a process of their own, as attackers are
 * other machines: each one's cut time, in order.
 */
export async function attackCrowd(port: number, count: number, timeoutMs: number): Promise<(number | null)[]> {
  const script = fileURLToPath(new URL('./attack-crowd.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, String(port), String(count), String(timeoutMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`the attackers' process ended with ${code}: ${err.slice(-2000)}`);
  return JSON.parse(out) as (number | null)[];
}

/** The resident set of a process, in MB (Linux: /proc). */
export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) / 1024;
}

/** Samples a process's RSS every 20 ms until stopped; `peak()` is the highest seen. */
export function watchRss(pid: number): { peak(): number; stop(): void } {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  return { peak: () => peak, stop: () => clearInterval(timer) };
}
