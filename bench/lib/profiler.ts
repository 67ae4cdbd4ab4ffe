/** A V8 CPU profile of this process over a chosen window (the load only, not start-up). */
import { Session } from 'node:inspector';
import { writeFile } from 'node:fs/promises';

const session = new Session();
let running = false;

function post(method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
}

export async function startProfile(): Promise<void> {
  if (running) return;
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  running = true;
}

export async function stopProfile(file: string): Promise<void> {
  if (!running) return;
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  running = false;
  session.disconnect();
  await writeFile(file, JSON.stringify(profile));
}
