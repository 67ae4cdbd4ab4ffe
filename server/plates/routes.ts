/** `GET`/`PUT /api/plates`: the owner's known plates (admins; shared/plates.ts), saved whole, checked by revision. */
import type { Express, RequestHandler } from 'express';
import { checkKnownPlates, type KnownPlatesAnswer } from '../../shared/plates.js';
import { principalOf } from '../auth/http.js';
import { NO_ENTRY, readRevision, refuseStale, revisionOf, SaveMarks } from '../http/edit-revision.js';
import { sendError } from '../http/http-errors.js';
import type { KnownPlates } from './known-plates.js';

export function attachPlateRoutes(app: Express, store: KnownPlates, d: { read: RequestHandler[]; change: RequestHandler[] }): void {
  const marks = new SaveMarks();
  // An empty list's revision is `new`, as a section not saved yet: a first save can be written by hand (docs/faces-and-plates.md).
  const revision = () => (store.list().length ? revisionOf(store.list()) : NO_ENTRY);
  const answer = (): KnownPlatesAnswer => ({ plates: [...store.list()], ...marks.info('plates', revision()) });

  app.get('/api/plates', ...d.read, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(answer());
  });

  app.put('/api/plates', ...d.change, async (req, res) => {
    const raw: unknown = req.body;
    const body = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const sent = readRevision(body.revision);
    if (!sent.ok) return sendError(res, sent.error);
    const checked = checkKnownPlates(body.plates);
    if (!checked.ok) return sendError(res, checked.error);
    // Checked before any await: two saves from one revision cannot both pass.
    if (refuseStale(res, sent.value, answer())) return;
    // A disk that refuses it throws to Express's error handler, with the list in memory put back.
    await store.set(checked.value);
    marks.mark('plates', principalOf(res).username, Date.now(), revision());
    res.json(answer());
  });
}
