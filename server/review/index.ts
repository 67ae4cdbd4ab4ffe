/**
 * `review`: the review page's routes (#57 item 4, docs/review.md) and each user's seen marks. It reads
 * recording's events and detection's alert rules when those modules run; without recording it lists
 * nothing, without detection every camera has the default rule. A deleted account's marks go with it.
 * Each event written is news (`event-news`) to the pages that may view its camera, over Socket.IO.
 */
import express from 'express';
import { DETECT_DEFAULTS } from '../../common/detect/detect-settings.js';
import { requireSessionChange } from '../auth/http.js';
import { bodyDeadline } from '../http/body-deadline.js';
import type { Attached, Module } from '../modules/module.js';
import { cameraRoom } from '../transports/socketio/camera-rooms.js';
import { attachReviewRoutes } from './routes.js';
import { SeenStore } from './seen-store.js';

declare module '../modules/module.js' {
  interface Provided {
    review: Attached;
  }
}

/** 500 keys of at most 78 characters, quoted and separated, with room to spare. */
const BODY_LIMIT = '64kb';

export const review: Module<'review'> = {
  name: 'review',
  attach(ctx) {
    const log = ctx.log.child({ name: 'camrelay:review' });
    const store = new SeenStore(ctx.config.dataDir, { warn: (line) => log.warn(line) });
    const detection = ctx.provided.get('detection');
    // An account deleted (here or by the admin CLI) takes its marks with it; an empty list is a store not read yet, not "no one".
    const prune = () => {
      const users = ctx.store.listUsers();
      if (users.length) store.keepOnly(new Set(users.map((u) => u.username))).catch((err: Error) => log.warn({ err: err.message }, 'seen marks not saved'));
    };
    const unsubscribe = ctx.store.onChange(prune);
    prune();
    // A page listing events (the review page, its badge) hears of each at once rather than at its next refresh.
    const monitor = ctx.provided.get('socketio')?.monitor;
    ctx.provided
      .get('events')
      ?.onEvent((type, record) => monitor?.to(cameraRoom(record.camera)).emit('event-news', { camera: record.camera, id: record.id, type }));
    const parse = express.json({ limit: BODY_LIMIT });
    const deadline = bodyDeadline();
    attachReviewRoutes(ctx.app, {
      manager: ctx.provided.get('recording')?.manager,
      ruleOf: (camera) => detection?.settings(camera).alerts ?? DETECT_DEFAULTS.alerts,
      store,
      user: ctx.requireUser,
      change: [requireSessionChange(ctx.httpAuth), (req, res, next) => deadline(req, res, () => parse(req, res, next))],
    });
    return {
      close: () => {
        unsubscribe();
        return store.flush();
      },
    };
  },
};
