/**
 * Licence plates on the relay (#58 item 2), from a followed vehicle to its event: a real relay with
 * its events, the plate reader in its own worker thread, and a real car photo with a plate drawn on it
 * (plate-photo.ts). The detector is left out here (its car on this photo is detector.test.ts's): the
 * car is handed to the events as the detection module hands its confirmed objects. The known plates
 * are saved whole with their revision, and a second save from an old revision is refused.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventObject, EventList } from '../../../shared/events.js';
import type { KnownPlatesAnswer } from '../../../shared/plates.js';
import type { ReviewList } from '../../../shared/review.js';
import { CAMERA_DEFAULTS, RECORDING_DEFAULTS } from '../../../server/recording/settings.js';
import { setDetection } from '../../helpers/detection-api.js';

import { startTestServer, stopTestServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { login, sameOrigin } from '../../security/helpers/session.js';
import { platePhoto } from '../../common/plates/plate-photo.js';

let server: TestServer | undefined;
afterEach(async () => {
  await stopTestServer(server);
  server = undefined;
});

const putPlates = (s: TestServer, cookie: string, body: unknown) =>
  fetch(`${s.url}/api/plates`, { method: 'PUT', headers: { cookie, ...sameOrigin(s), 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function carOf(s: TestServer, cookie: string, camera: string): Promise<EventObject | undefined> {
  const url = `${s.url}/api/events?camera=${camera}&from=${Date.now() - 600_000}&to=${Date.now() + 60_000}`;
  const list = (await (await fetch(url, { headers: { cookie } })).json()) as EventList;
  return list.events[0]?.objects?.find((o) => o.label === 'car');
}

/** Opens an event on `camera` and hands it a car confirmed on the photo, as detection does. */
async function carSeen(s: TestServer, camera: string, text: string) {
  const photo = await platePhoto(text, 2);
  const at = Date.now();
  s.recording.events.signal(camera, { type: 'start', at, score: 5 });
  const car: EventObject = { id: 7, label: 'car', tracked: 'vehicle', score: 0.62, box: photo.car, zones: ['Driveway'], at };
  const events = s.provided.get('events')!;
  expect(events.objects(camera, { started: [car], at, jpeg: photo.jpeg, boxes: { width: 1280, height: 854, boxes: [] } })).toBe(true);
}

describe('licence plates on the relay (real relay, plate reader thread, real car photo)', () => {
  it('reads the plate of a followed car into its event, named by a known plate within one character, for a camera that reads plates', async () => {
    const s = (server = await startTestServer({ recording: { ...RECORDING_DEFAULTS, defaults: { ...CAMERA_DEFAULTS, mode: 'motion', format: 'jpeg' } } }));
    const cookie = await login(s);
    const before = (await (await fetch(`${s.url}/api/plates`, { headers: { cookie } })).json()) as KnownPlatesAnswer;
    expect(before.plates).toEqual([]);
    // Known as AB-123-G: the photo's AB 123 C is one character off, as a misread would be.
    const saved = await putPlates(s, cookie, { revision: before.revision, plates: [{ plate: 'AB-123-G', name: "Mum's car" }] });
    expect(saved.status).toBe(200);
    const after = (await saved.json()) as KnownPlatesAnswer;
    expect(after).toMatchObject({ plates: [{ plate: 'AB-123-G', name: "Mum's car" }], savedBy: 'admin' });
    // A second save from the revision before is told who saved first, and changes nothing.
    const stale = await putPlates(s, cookie, { revision: before.revision, plates: [] });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: string }).error).toBe('EDIT_CONFLICT');

    expect(await setDetection(s, cookie, 'lot', { enabled: true, plates: true })).toBe(200);
    expect(await setDetection(s, cookie, 'shed', { enabled: true })).toBe(200);
    await carSeen(s, 'lot', 'AB 123 C');
    await carSeen(s, 'shed', 'KX 58 PT');
    const read = await waitFor(async () => (await carOf(s, cookie, 'lot'))?.plate, 'the plate in the event', 30_000);
    expect(read).toMatchObject({ text: 'AB123C', name: "Mum's car" });
    expect(read.confidence).toBeGreaterThan(0.5);
    // The shed does not read plates (the default): its car is a car, however long one waits for the lot's.
    await s.provided.get('plates')!.reads.idle();
    expect((await carOf(s, cookie, 'shed'))?.plate).toBeUndefined();
    expect(s.provided.get('plates')!.reads.counts).toMatchObject({ read: 1, found: 1, failed: 0 });

    // Viewers see the plate and its name only with the permission (item 4): ann without it sees "car", bob with it the plate.
    for (const [username, identities] of [
      ['ann', false],
      ['bob', true],
    ] as const) {
      const res = await fetch(`${s.url}/api/users`, {
        method: 'POST',
        headers: { cookie, ...sameOrigin(s), 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'long-enough-password', role: 'viewer', cameras: '*', identities }),
      });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { user: { identities: boolean } }).user.identities).toBe(identities);
    }
    const ann = await login(s, { username: 'ann', password: 'long-enough-password' });
    const bob = await login(s, { username: 'bob', password: 'long-enough-password' });
    expect(await carOf(s, ann, 'lot')).toMatchObject({ label: 'car' });
    expect((await carOf(s, ann, 'lot'))!.plate).toBeUndefined();
    expect((await carOf(s, bob, 'lot'))!.plate).toMatchObject({ text: 'AB123C', name: "Mum's car" });
    const review = async (who: string) => {
      const url = `${s.url}/api/review?camera=lot&from=${Date.now() - 600_000}&to=${Date.now() + 60_000}`;
      const list = (await (await fetch(url, { headers: { cookie: who } })).json()) as ReviewList;
      return { terms: list.items[0]!.terms, plate: list.items[0]!.event.objects?.[0]?.plate };
    };
    expect(await review(bob)).toMatchObject({ terms: expect.arrayContaining(['ab123c', "mum's car"]), plate: { text: 'AB123C' } });
    const annSees = await review(ann);
    expect(annSees.plate).toBeUndefined();
    expect(annSees.terms.join(' ')).not.toMatch(/ab123c|mum/);
    // Taken away, at once: the users list's box (PATCH) and bob's next read.
    const patched = await fetch(`${s.url}/api/users/bob`, {
      method: 'PATCH',
      headers: { cookie, ...sameOrigin(s), 'content-type': 'application/json' },
      body: JSON.stringify({ identities: false }),
    });
    expect(patched.status).toBe(200);
    expect((await carOf(s, bob, 'lot'))!.plate).toBeUndefined();
  });

  it('saves the known plates docs/faces-and-plates.md prints, as printed, and refuses them again from the same revision', async () => {
    const doc = readFileSync(new URL('../../../docs/faces-and-plates.md', import.meta.url), 'utf8');
    const printed = /### Known plates[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!;
    const s = (server = await startTestServer());
    const cookie = await login(s);
    const first = await putPlates(s, cookie, JSON.parse(printed));
    expect(first.status).toBe(200);
    expect(((await first.json()) as KnownPlatesAnswer).plates.map((p) => p.name)).toEqual(["Mum's car", 'Van']);
    expect((await putPlates(s, cookie, JSON.parse(printed))).status).toBe(409);
  });

  it('refuses known plates that are not plates, with the field at fault, and keeps the list', async () => {
    const s = (server = await startTestServer());
    const cookie = await login(s);
    for (const [plates, field] of [
      [[{ plate: 'A', name: 'x' }], 'plates[0].plate'],
      [[{ plate: 'AB1', name: '' }], 'plates[0].name'],
      [
        [
          { plate: 'AB1', name: 'a' },
          { plate: 'ab-1', name: 'b' },
        ],
        'plates[1].plate',
      ],
      [[{ plate: 'AB1', name: 'a', extra: 1 }], 'plates[0]'],
      [Array.from({ length: 501 }, (_, i) => ({ plate: `P${i}`, name: 'n' })), 'plates'],
    ] as const) {
      const res = await putPlates(s, cookie, { plates });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'BAD_KNOWN_PLATES', field });
    }
    expect(((await (await fetch(`${s.url}/api/plates`, { headers: { cookie } })).json()) as KnownPlatesAnswer).plates).toEqual([]);
  });
});
