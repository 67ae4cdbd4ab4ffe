/**
 * `faces`: known faces on the relay (#58, docs/faces-and-plates.md). For a camera whose detection
 * settings say `faces`, each followed person's best views are looked at for a face in a worker thread
 * of its own (face-reads.ts, common/faces/face-thread.ts); the face is named by the owner's known faces
 * and goes onto the person's entry in its event (events' `face`), which is written and told again.
 * The known faces are kept in `known-faces.json` and `faces/` (`/api/faces`, admins). Without the
 * detection module it reads nothing. Who is seen now, by name or as unknown, is `here` (people-here.ts):
 * Home Assistant's sensor per known person reads it.
 */
import { readFile } from 'node:fs/promises';
import express from 'express';
import { FaceThread } from '../../common/faces/face-thread.js';
import { FACE_PHOTO_MAX_BYTES } from '../../shared/faces.js';
import { requireAdmin, requireSessionChange } from '../auth/http.js';
import { bodyDeadline } from '../http/body-deadline.js';
import type { Attached, Module } from '../modules/module.js';
import { warnReadErrors } from '../events/object-reads.js';
import { FaceReads } from './face-reads.js';
import { KnownFaces, sourceKey } from './known-faces.js';
import { PeopleHere, UNKNOWN_PERSON } from './people-here.js';
import { attachFaceRoutes } from './routes.js';

declare module '../modules/module.js' {
  interface Provided {
    faces: Attached & { reads: FaceReads; known: KnownFaces; thread: FaceThread; here: PeopleHere };
  }
}

/** A photo of up to 8 MB on a slow phone link: a minute, not the 10 s of a JSON body. */
const PHOTO_DEADLINE_MS = 60_000;

export const faces: Module<'faces'> = {
  name: 'faces',
  needs: ['events'],
  attach(ctx) {
    const log = ctx.log.child({ name: 'camrelay:faces' });
    const known = new KnownFaces(ctx.config.dataDir, (line) => log.warn(line));
    const thread = new FaceThread();
    const detection = ctx.provided.get('detection');
    const events = ctx.provided.need('events');
    const manager = ctx.provided.get('recording')?.manager ?? null;
    // Who is here by face: named as read, gone when the tracker says they left or the camera sees no person (MQTT's sensors).
    const here = new PeopleHere();
    events.onAlert((camera, alert) => alert.kind === 'left' && here.left(camera, alert.object.id));
    detection?.presence.onChange((camera, counts) => !counts.person && here.cleared(camera));
    detection?.onConfigured((camera, settings) => (!settings.enabled || !settings.faces) && here.cleared(camera));
    known.onChanged(() => {
      const ids = new Set(known.names().map(([id]) => id));
      for (const key of here.where().keys()) if (key !== UNKNOWN_PERSON && !ids.has(key)) here.forgetPerson(key);
    });
    const reads = new FaceReads({
      look: (input) => thread.run(input),
      wants: (camera) => detection?.settings(camera).faces === true,
      known: () => known.vectors(),
      onFace: (camera, id, face) => {
        here.named(camera, id, face);
        events.identify(camera, id, { face });
      },
      onError: warnReadErrors(thread, (camera, message) => log.warn({ camera, err: message }, 'face not read')),
    });
    events.onView((camera, view) => reads.view(camera, view));
    const admin = [ctx.requireUser, requireAdmin()];
    const session = requireSessionChange(ctx.httpAuth);
    const json = express.json({ limit: '4kb' });
    const photo = express.raw({ type: ['image/jpeg', 'image/png'], limit: FACE_PHOTO_MAX_BYTES });
    const deadline = bodyDeadline();
    const photoDeadline = bodyDeadline(PHOTO_DEADLINE_MS);
    attachFaceRoutes(ctx.app, known, {
      read: admin,
      change: [...admin, session, (req, res, next) => deadline(req, res, () => json(req, res, next))],
      photo: [...admin, session, (req, res, next) => photoDeadline(req, res, () => photo(req, res, next))],
      look: (input) => thread.run(input),
      eventObject: async (camera, event, object) => {
        const record = await manager?.index.event(camera, event);
        const entry = record?.objects?.find((o) => o.id === object && o.picture && o.label === 'person');
        if (!manager || !record || !entry) return null;
        const jpeg = await readFile(manager.files.picturePath(record, `object-${object}`)).catch(() => null);
        return jpeg ? { jpeg, box: entry.box } : null;
      },
    });
    // An object the owner named from the review page is shown with that name (while its face is kept).
    manager?.events.fields.add((record, shown) => {
      const named = known.named();
      if (named.size === 0 || !shown.objects?.length) return {};
      let changed = false;
      const objects = shown.objects.map((o) => {
        const n = o.id === undefined ? undefined : named.get(sourceKey({ camera: record.camera, event: record.id, object: o.id }));
        if (!n) return o;
        changed = true;
        return { ...o, face: { ...o.face, name: n.name, person: n.person } };
      });
      return changed ? { objects } : {};
    });
    return {
      reads,
      known,
      thread,
      here,
      close: async () => {
        await reads.close();
        await thread.close();
        await known.flush();
      },
    };
  },
};
