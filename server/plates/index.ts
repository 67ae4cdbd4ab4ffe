/**
 * `plates`: licence plates on the relay (#58, docs/faces-and-plates.md). For a camera whose detection
 * settings say `plates`, each followed vehicle's best views are read in a worker thread of its own
 * (plate-reads.ts, common/plates/plate-thread.ts); the best reading, named when it is one of the
 * owner's known plates, goes onto the vehicle's entry in its event (events' `plate`), which is written
 * and told again. The known plates are kept in `known-plates.json` (`GET`/`PUT /api/plates`, admins).
 * Without the detection module it reads nothing.
 */
import express from 'express';
import { PlateThread } from '../../common/plates/plate-thread.js';
import { requireAdmin, requireSessionChange } from '../auth/http.js';
import { bodyDeadline } from '../http/body-deadline.js';
import type { Attached, Module } from '../modules/module.js';
import { KnownPlates } from './known-plates.js';
import { warnReadErrors } from '../events/object-reads.js';
import { PlateReads } from './plate-reads.js';
import { attachPlateRoutes } from './routes.js';

declare module '../modules/module.js' {
  interface Provided {
    plates: Attached & { reads: PlateReads; known: KnownPlates; thread: PlateThread };
  }
}

/** 500 plates of at most 24 characters and names of 40, quoted and separated, with room to spare. */
const BODY_LIMIT = '64kb';

export const plates: Module<'plates'> = {
  name: 'plates',
  needs: ['events'],
  attach(ctx) {
    const log = ctx.log.child({ name: 'camrelay:plates' });
    const known = new KnownPlates(ctx.config.dataDir, (line) => log.warn(line));
    const thread = new PlateThread();
    const detection = ctx.provided.get('detection');
    const events = ctx.provided.need('events');
    const reads = new PlateReads({
      read: (jpeg, crop) => thread.read(jpeg, crop),
      wants: (camera) => detection?.settings(camera).plates === true,
      known: () => known.list(),
      onPlate: (camera, id, plate) => events.identify(camera, id, { plate }),
      onError: warnReadErrors(thread, (camera, message) => log.warn({ camera, err: message }, 'plate not read')),
    });
    events.onView((camera, view) => reads.view(camera, view));
    const parse = express.json({ limit: BODY_LIMIT });
    const deadline = bodyDeadline();
    const admin = [ctx.requireUser, requireAdmin()];
    attachPlateRoutes(ctx.app, known, {
      read: admin,
      change: [...admin, requireSessionChange(ctx.httpAuth), (req, res, next) => deadline(req, res, () => parse(req, res, next))],
    });
    return {
      reads,
      known,
      thread,
      close: async () => {
        await reads.close();
        await thread.close();
        await known.flush();
      },
    };
  },
};
