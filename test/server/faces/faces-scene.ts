/** What the known-faces tests share: the portraits, `/api/faces` calls, and a person handed to a camera's event as detection does. */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { EventObject } from '../../../shared/events.js';
import type { KnownFacesAnswer } from '../../../shared/faces.js';
import type { TestServer } from '../../helpers/server.js';
import { sameOrigin } from '../../security/helpers/session.js';

/** A public-domain portrait of test/fixtures/faces (SOURCES.md). */
export const facePhoto = (name: string) => readFileSync(new URL(`../../fixtures/faces/${name}`, import.meta.url));

/** One `/api/faces` request with the admin's cookie: its status and its answer. */
export async function facesCall(s: TestServer, cookie: string, method: string, url: string, body?: unknown, type = 'application/json') {
  const res = await fetch(`${s.url}${url}`, {
    method,
    headers: { cookie, ...sameOrigin(s), ...(body === undefined ? {} : { 'content-type': type }) },
    body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as KnownFacesAnswer & { error?: string; message?: string } };
}

/** Opens an event on `camera` unless one is under way, and hands it a person `id` confirmed on the photo (the whole picture their box), as detection does. */
export async function personSeen(s: TestServer, camera: string, jpeg: Buffer, id = 3): Promise<EventObject & { id: number }> {
  const { width, height } = await sharp(jpeg).metadata();
  const at = Date.now();
  if (!s.provided.get('events')!.current(camera)) s.recording.events.signal(camera, { type: 'start', at, score: 5 });
  const person = { id, label: 'person', tracked: 'person', score: 0.8, box: [0, 0, width!, height!] as EventObject['box'], zones: ['Porch'], at };
  expect(s.provided.get('events')!.objects(camera, { started: [person], at, jpeg, boxes: { width: width!, height: height!, boxes: [] } })).toBe(true);
  return person;
}
