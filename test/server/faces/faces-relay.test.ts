/**
 * Known faces on the relay (#58 item 1), from a followed person to their event: a real relay with its
 * events, the face reader in its own worker thread, and public-domain portraits
 * (test/fixtures/faces/SOURCES.md). A person is enrolled through /api/faces from one photo and named
 * on another photo of them; a camera that does not recognise faces names no one; deleting the
 * person deletes their embeddings and crops. The detector is left out here (its person boxes are
 * detector.test.ts's): the person is handed to the events as the detection module hands its confirmed objects.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventList, EventObject, MotionEvent } from '../../../shared/events.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { setDetection } from '../../helpers/detection-api.js';
import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';
import { facePhoto, facesCall, personSeen } from './faces-scene.js';
import { faceDistance } from '../../../common/faces/face-embedder.js';

let server: TestServer | undefined;
afterEach(async () => {
  await stopTestServer(server);
  server = undefined;
});

async function personOf(s: TestServer, cookie: string, camera: string): Promise<EventObject | undefined> {
  const url = `${s.url}/api/events?camera=${camera}&from=${Date.now() - 600_000}&to=${Date.now() + 60_000}`;
  const list = (await (await fetch(url, { headers: { cookie } })).json()) as EventList;
  return list.events[0]?.objects?.find((o) => o.label === 'person');
}

async function eventOf(s: TestServer, cookie: string, camera: string): Promise<MotionEvent> {
  const url = `${s.url}/api/events?camera=${camera}&from=${Date.now() - 600_000}&to=${Date.now() + 60_000}`;
  return ((await (await fetch(url, { headers: { cookie } })).json()) as EventList).events[0]!;
}

describe('known faces on the relay (real relay, face reader thread, real portraits)', () => {
  it('enrols a person from one photo, names them on another for a camera that recognises faces, and deletes all that is kept of them', async () => {
    const s = (server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'motion', format: 'jpeg' } } }));
    const cookie = await login(s);
    expect((await facesCall(s, cookie, 'GET', '/api/faces')).body.people).toEqual([]);
    const added = await facesCall(s, cookie, 'POST', '/api/faces', { name: 'Barack' });
    expect(added.status).toBe(201);
    const id = added.body.people[0]!.id;
    const enrolled = await facesCall(s, cookie, 'POST', `/api/faces/${id}/photos`, facePhoto('obama_official_portrait_2012.jpg'), 'image/jpeg');
    expect(enrolled.status).toBe(201);
    const [face] = enrolled.body.people[0]!.faces;
    expect(face).toBeDefined();
    // The crop kept is the face, 150×150.
    const crop = await fetch(`${s.url}${face!.url}`, { headers: { cookie } });
    expect(crop.headers.get('content-type')).toBe('image/jpeg');
    expect(await sharp(Buffer.from(await crop.arrayBuffer())).metadata()).toMatchObject({ width: 150, height: 150 });

    // A photo of two people, and one of none, are refused with what to do; nothing is kept of them.
    const two = await facesCall(s, cookie, 'POST', `/api/faces/${id}/photos`, facePhoto('obama_biden_blue_room_2010_pair.jpg'), 'image/jpeg');
    expect(two).toMatchObject({ status: 400, body: { error: 'TOO_MANY_FACES', message: expect.stringContaining('2 faces') } });
    const street = readFileSync(new URL('../../fixtures/detect/taxis.jpg', import.meta.url));
    expect((await facesCall(s, cookie, 'POST', `/api/faces/${id}/photos`, street, 'image/jpeg')).body.error).toBe('NO_FACE');
    expect((await facesCall(s, cookie, 'GET', '/api/faces')).body.people[0]!.faces).toHaveLength(1);

    expect(await setDetection(s, cookie, 'door', { enabled: true, faces: true })).toBe(200);
    expect(await setDetection(s, cookie, 'shed', { enabled: true })).toBe(200);
    await personSeen(s, 'door', facePhoto('obama_congress_address_2009.jpg'));
    await personSeen(s, 'shed', facePhoto('obama_congress_address_2009.jpg'));
    const seen = await waitFor(async () => (await personOf(s, cookie, 'door'))?.face, 'the face in the event', 30_000);
    expect(seen).toMatchObject({ name: 'Barack', person: id });
    expect(seen.distance).toBeLessThan(0.6);
    // The shed does not recognise faces (the default): its person is a person.
    await s.provided.get('faces')!.reads.idle();
    expect((await personOf(s, cookie, 'shed'))?.face).toBeUndefined();
    expect(s.provided.get('faces')!.reads.counts).toMatchObject({ read: 1, found: 1, failed: 0 });

    // Deleting the person deletes their embeddings and their crops (item 4): the list, the file, the folder.
    expect((await facesCall(s, cookie, 'DELETE', `/api/faces/${id}`)).body.people).toEqual([]);
    expect((await fetch(`${s.url}${face!.url}`, { headers: { cookie } })).status).toBe(404);
    expect(JSON.parse(readFileSync(path.join(s.dataDir, 'known-faces.json'), 'utf8'))).toEqual([]);
    expect(readdirSync(path.join(s.dataDir, 'faces'))).toEqual([]);
    expect(existsSync(path.join(s.dataDir, 'faces', `${face!.id}.jpg`))).toBe(false);
  }, 90_000);

  it('keeps the face of an unknown person from their event ("This is Eileen"), names that event and the next, and unnames it when she is removed', async () => {
    const s = (server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'motion', format: 'jpeg' } } }));
    const cookie = await login(s);
    expect(await setDetection(s, cookie, 'door', { enabled: true, faces: true })).toBe(200);
    await personSeen(s, 'door', facePhoto('eileen_collins_nasa.jpg'));
    const unknown = await waitFor(async () => (await personOf(s, cookie, 'door'))?.face, 'the unknown face in the event', 30_000);
    expect(unknown.name).toBeUndefined();
    await s.recording.events.idle();
    const event = await eventOf(s, cookie, 'door');
    const id = (await facesCall(s, cookie, 'POST', '/api/faces', { name: 'Eileen' })).body.people[0]!.id;

    // Refused with the field at fault, or the event gone: nothing kept.
    const from = { camera: 'door', event: event.id, object: 3 };
    expect(await facesCall(s, cookie, 'POST', `/api/faces/${id}/from-event`, { ...from, object: 'x' })).toMatchObject({
      status: 400,
      body: { error: 'BAD_KNOWN_FACE', field: 'object' },
    });
    expect(await facesCall(s, cookie, 'POST', `/api/faces/${id}/from-event`, { ...from, object: 9 })).toMatchObject({
      status: 404,
      body: { error: 'NO_EVENT' },
    });
    expect((await facesCall(s, cookie, 'POST', `/api/faces/nobody/from-event`, from)).status).toBe(404);

    const named = await facesCall(s, cookie, 'POST', `/api/faces/${id}/from-event`, from);
    expect(named.status).toBe(201);
    expect(named.body.people[0]!.faces).toHaveLength(1);
    expect((await personOf(s, cookie, 'door'))?.face).toMatchObject({ name: 'Eileen', person: id });
    // The review list shows the name, and finds her by it.
    const review = await fetch(`${s.url}/api/review?from=${Date.now() - 600_000}&to=${Date.now() + 60_000}&q=eileen`, { headers: { cookie } });
    expect(JSON.stringify(await review.json())).toContain('"name":"Eileen"');

    // The next time she comes she is named by the face kept.
    await personSeen(s, 'door', facePhoto('eileen_collins_nasa.jpg'), 4);
    const next = await waitFor(async () => (await eventOf(s, cookie, 'door')).objects?.find((o) => o.id === 4)?.face, 'her next face read', 30_000);
    expect(next).toMatchObject({ name: 'Eileen', person: id });

    // Removing her removes the face kept from the event: the event's person is unknown again.
    await facesCall(s, cookie, 'DELETE', `/api/faces/${id}`);
    expect((await personOf(s, cookie, 'door'))?.face?.name).toBeUndefined();
  }, 90_000);

  it("enrols from a phone's photo stored on its side and from a PNG, and refuses another format with what to send", async () => {
    const s = (server = await startTestServer());
    const cookie = await login(s);
    const id = (await facesCall(s, cookie, 'POST', '/api/faces', { name: 'Grace' })).body.people[0]!.id;
    const portrait = facePhoto('grace_hopper_navy_1984.jpg');
    // As a phone stores a portrait: the pixels on their side, EXIF orientation 6 saying to turn them a quarter clockwise.
    const sideways = await sharp(portrait).rotate(270).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect((await sharp(sideways).metadata()).orientation).toBe(6);
    expect((await facesCall(s, cookie, 'POST', `/api/faces/${id}/photos`, sideways, 'image/jpeg')).status).toBe(201);
    const png = await sharp(portrait).png().toBuffer();
    expect((await facesCall(s, cookie, 'POST', `/api/faces/${id}/photos`, png, 'image/png')).status).toBe(201);
    const gif = await sharp(portrait).gif().toBuffer();
    expect(await facesCall(s, cookie, 'POST', `/api/faces/${id}/photos`, gif, 'image/png')).toMatchObject({
      status: 400,
      body: { error: 'NO_FACE', message: expect.stringContaining('must be a JPEG or a PNG') },
    });
    // Both faces are Grace's: each is near the other.
    const kept = (await facesCall(s, cookie, 'GET', '/api/faces')).body.people[0]!.faces;
    expect(kept).toHaveLength(2);
    const vectors = s.provided.get('faces')!.known.vectors()[0]!.vectors;
    expect(faceDistance(vectors[0]!, vectors[1]!)).toBeLessThan(0.3);
  }, 60_000);

  it('answers each request docs/faces-and-plates.md prints, with the bodies it prints', async () => {
    const doc = readFileSync(new URL('../../../docs/faces-and-plates.md', import.meta.url), 'utf8');
    const table = /### Known faces[\s\S]*?\n\n(\| request[\s\S]*?)\n\n/.exec(doc)![1]!;
    const rows = [...table.matchAll(/^\| `(GET|POST|PATCH|DELETE) ([^`]+)`(?: with `(\{[^`]*\})`| with a JPEG)?/gm)].map((m) => ({
      method: m[1]!,
      path: m[2]!,
      body: m[3],
    }));
    expect(rows.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/faces',
      'POST /api/faces',
      'POST /api/faces/<id>/photos',
      'POST /api/faces/<id>/from-event',
      'PATCH /api/faces/<id>',
      'POST /api/faces/<id>/merge',
      'DELETE /api/faces/<id>/faces/<face id>',
      'DELETE /api/faces/<id>',
    ]);
    const s = (server = await startTestServer());
    const cookie = await login(s);
    const body = (r: (typeof rows)[number]) => (r.body ? JSON.parse(r.body) : undefined);
    const [list, add, photos, fromEvent, rename, merge, removeFace, remove] = rows as [(typeof rows)[number], ...(typeof rows)[number][]];
    await facesCall(s, cookie, 'POST', add!.path, body(add!));
    const other = await facesCall(s, cookie, 'POST', add!.path, { name: 'Other' });
    const [alice, otherId] = other.body.people.map((p) => p.id) as [string, string];
    expect(await facesCall(s, cookie, 'POST', photos!.path.replace('<id>', otherId), facePhoto('grace_hopper_navy_1984.jpg'), 'image/jpeg')).toMatchObject({
      status: 201,
    });
    // The printed event is not on this relay: refused as the table says.
    expect(await facesCall(s, cookie, fromEvent!.method, fromEvent!.path.replace('<id>', otherId), body(fromEvent!))).toMatchObject({
      status: 404,
      body: { error: 'NO_EVENT' },
    });
    expect((await facesCall(s, cookie, rename!.method, rename!.path.replace('<id>', alice), body(rename!))).body.people[0]!.name).toBe('Alice B.');
    const merged = await facesCall(s, cookie, merge!.method, merge!.path.replace('<id>', alice), JSON.parse(merge!.body!.replace('<other id>', otherId)));
    expect(merged.body.people.map((p) => [p.name, p.faces.length])).toEqual([['Alice B.', 1]]);
    const face = merged.body.people[0]!.faces[0]!.id;
    expect((await facesCall(s, cookie, removeFace!.method, removeFace!.path.replace('<id>', alice).replace('<face id>', face))).body.people[0]!.faces).toEqual(
      [],
    );
    expect((await facesCall(s, cookie, remove!.method, remove!.path.replace('<id>', alice))).body.people).toEqual([]);
    expect((await facesCall(s, cookie, list!.method, list!.path)).body.people).toEqual([]);
  }, 60_000);

  it('refuses a bad name with the field at fault, an unknown person, and viewers', async () => {
    const s = (server = await startTestServer());
    const cookie = await login(s);
    expect(await facesCall(s, cookie, 'POST', '/api/faces', { name: '' })).toMatchObject({ status: 400, body: { error: 'BAD_KNOWN_FACE', field: 'name' } });
    expect(await facesCall(s, cookie, 'POST', '/api/faces', { name: 'x'.repeat(41) })).toMatchObject({ status: 400, body: { error: 'BAD_KNOWN_FACE' } });
    expect(await facesCall(s, cookie, 'PATCH', '/api/faces/nobody', { name: 'Ann' })).toMatchObject({ status: 404, body: { error: 'FACE_PERSON_NOT_FOUND' } });
    expect((await facesCall(s, cookie, 'POST', '/api/faces/nobody/photos', facePhoto('grace_hopper_navy_1984.jpg'), 'image/jpeg')).status).toBe(404);
    const res = await fetch(`${s.url}/api/users`, {
      method: 'POST',
      headers: { cookie, ...sameOrigin(s), 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ann', password: 'long-enough-password', role: 'viewer', cameras: '*', identities: true }),
    });
    expect(res.status).toBe(201);
    const ann = await login(s, { username: 'ann', password: 'long-enough-password' });
    expect((await facesCall(s, ann, 'GET', '/api/faces')).status).toBe(403);
    expect((await facesCall(s, ann, 'POST', '/api/faces', { name: 'Ann' })).status).toBe(403);
  });
});
