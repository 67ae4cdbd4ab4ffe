/**
 * `/api/faces` (admins): the owner's known people and the faces kept of them (shared/faces.ts).
 * A person is added by name, then given faces one photo at a time (a JPEG of that person alone:
 * the face is found, embedded and its crop kept); renamed, merged into another, a face removed, or
 * removed with all that is kept of them.
 */
import type { Express, RequestHandler } from 'express';
import type { Box } from '../../common/detect/boxes.js';
import type { FaceInput, FaceLook } from '../../common/faces/face-look.js';
import { validateCameraId } from '../../shared/validate.js';
import { CamrelayError } from '../../shared/errors.js';
import { checkFaceName, type KnownFacesAnswer } from '../../shared/faces.js';
import { sendError } from '../http/http-errors.js';
import { photoUpright } from './photo-upright.js';
import type { FaceSource, KnownFaces } from './known-faces.js';

export interface FaceRouteDeps {
  read: RequestHandler[];
  /** JSON bodies (a name, a person to merge). */
  change: RequestHandler[];
  /** A photo's bytes as the body (image/jpeg). */
  photo: RequestHandler[];
  look(input: FaceInput): Promise<FaceLook>;
  /** An event object's own best picture and its box there; null when the event, the object or its picture is not kept (or nothing records). */
  eventObject(camera: string, event: string, object: number): Promise<{ jpeg: Buffer; box: Box } | null>;
}

const bodyOf = (raw: unknown): Record<string, unknown> =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};

export function attachFaceRoutes(app: Express, store: KnownFaces, d: FaceRouteDeps): void {
  const answer = (): KnownFacesAnswer => ({ people: store.shown((face) => `/api/faces/face/${face}.jpg`) });
  const send = (res: Parameters<RequestHandler>[1], status = 200) => {
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).json(answer());
  };
  /** Runs `op`, answering with the list, or with the refusal it threw (a CamrelayError); anything else is Express's. */
  const run =
    (op: (req: Parameters<RequestHandler>[0]) => Promise<number | void>): RequestHandler =>
    async (req, res) => {
      try {
        send(res, (await op(req)) ?? 200);
      } catch (err) {
        if (err instanceof CamrelayError) return sendError(res, err);
        throw err;
      }
    };
  const param = (req: Parameters<RequestHandler>[0], key: string) => String(req.params[key] ?? '').slice(0, 64);

  app.get('/api/faces', ...d.read, (_req, res) => send(res));

  app.get('/api/faces/face/:face.jpg', ...d.read, async (req, res) => {
    const crop = await store.crop(param(req, 'face'));
    if (!crop) return sendError(res, new CamrelayError('FACE_PERSON_NOT_FOUND', 'No kept face has that id: the list may have changed; reload it.'));
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.type('image/jpeg').send(crop);
  });

  app.post(
    '/api/faces',
    ...d.change,
    run(async (req) => {
      const name = checkFaceName(bodyOf(req.body).name);
      if (!name.ok) throw name.error;
      await store.addPerson(name.value);
      return 201;
    }),
  );

  app.post(
    '/api/faces/:person/photos',
    ...d.photo,
    run(async (req) => {
      const person = param(req, 'person');
      if (!store.has(person)) throw new CamrelayError('FACE_PERSON_NOT_FOUND');
      const body: unknown = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0)
        throw new CamrelayError('NO_FACE', 'The photo must be sent as the body, a JPEG or a PNG (Content-Type: image/jpeg or image/png).');
      const { found, face } = await d.look({ jpeg: await photoUpright(body) });
      if (found > 1) throw new CamrelayError('TOO_MANY_FACES', `The photo holds ${found} faces: use one of this person alone, or crop it to their face.`);
      if (!face) throw new CamrelayError('NO_FACE', found === 1 ? 'The face on the photo is under 32 pixels wide: use a closer or larger photo.' : undefined);
      await store.addFace(person, face.vector, face.chip);
      return 201;
    }),
  );

  // "This is Alice" on the review page: the face on an event's person, from the picture the event keeps of them.
  app.post(
    '/api/faces/:person/from-event',
    ...d.change,
    run(async (req) => {
      const person = param(req, 'person');
      if (!store.has(person)) throw new CamrelayError('FACE_PERSON_NOT_FOUND');
      const from = sourceOf(bodyOf(req.body));
      const seen = await d.eventObject(from.camera, from.event, from.object);
      if (!seen) throw new CamrelayError('NO_EVENT', 'No picture of that person is kept: the event may have been deleted (retention); reload the page.');
      const { found, face } = await d.look({ jpeg: seen.jpeg, crop: seen.box });
      if (!face)
        throw new CamrelayError(
          'NO_FACE',
          found === 1
            ? 'The face on this picture is under 32 pixels wide: add a photo instead.'
            : 'No face shows on this picture of the person: add a photo instead.',
        );
      await store.addFace(person, face.vector, face.chip, from);
      return 201;
    }),
  );

  app.patch(
    '/api/faces/:person',
    ...d.change,
    run(async (req) => {
      const name = checkFaceName(bodyOf(req.body).name);
      if (!name.ok) throw name.error;
      await store.rename(param(req, 'person'), name.value);
    }),
  );

  app.post(
    '/api/faces/:person/merge',
    ...d.change,
    run(async (req) => {
      const from = bodyOf(req.body).from;
      if (typeof from !== 'string') {
        const error = new CamrelayError('BAD_KNOWN_FACE', 'The known face is not valid: from must be the id of the person merged in.');
        error.field = 'from';
        throw error;
      }
      await store.merge(param(req, 'person'), from.slice(0, 64));
    }),
  );

  app.delete(
    '/api/faces/:person/faces/:face',
    ...d.change,
    run(async (req) => store.removeFace(param(req, 'person'), param(req, 'face'))),
  );

  app.delete(
    '/api/faces/:person',
    ...d.change,
    run(async (req) => store.removePerson(param(req, 'person'))),
  );
}

/** `{camera, event, object}` of an event object, checked; BAD_KNOWN_FACE naming the field otherwise. */
function sourceOf(body: Record<string, unknown>): FaceSource {
  const bad = (field: string, what: string) => {
    const error = new CamrelayError('BAD_KNOWN_FACE', `The known face is not valid: ${field} must be ${what}.`);
    error.field = field;
    return error;
  };
  const camera = validateCameraId(typeof body.camera === 'string' ? body.camera : '');
  if (!camera.ok) throw bad('camera', "the event's camera id");
  if (typeof body.event !== 'string' || !/^\d{13}$/.test(body.event)) throw bad('event', "the event's id");
  if (typeof body.object !== 'number' || !Number.isInteger(body.object) || body.object < 0 || body.object > 999_999_999)
    throw bad('object', "the object's id in the event");
  return { camera: camera.value, event: body.event, object: body.object };
}
