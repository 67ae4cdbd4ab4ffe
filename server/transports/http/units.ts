/**
 * `POST /api/cameras/:cameraId/units` (#38): the HTTP fallback's batch of media units, the same head and payload as a
 * Socket.IO `units` message in one body (shared/units.ts), bounded in bytes before it is read and its head before it is
 * parsed, then taken by the same code (takeUnits, server/relay/unit-takers.ts) with its session's takers. The answer is
 * the batch's UnitsAck: one ack per item, or the whole batch refused with its code.
 */
import type { Request, Response } from 'express';
import { ACCESS_UNIT_MAX } from '../../../common/codec/annexb.js';
import { CamrelayError, ERROR_CODES } from '../../../shared/errors.js';
import { splitUnitsBody, UNITS_BATCH_BYTES, UNITS_CONTENT_TYPE, UNITS_HEAD_MAX_BYTES } from '../../../shared/units.js';
import { sendError } from '../../http/http-errors.js';
import { takeUnits } from '../../relay/unit-takers.js';
import type { ModuleContext } from '../../modules/module.js';
import type { HttpSession } from './capture-sessions.js';

/** A batch body, at most: its length and head, then UNITS_BATCH_BYTES, or one unit alone up to ACCESS_UNIT_MAX. */
export const UNITS_BODY_MAX = 4 + UNITS_HEAD_MAX_BYTES + Math.max(UNITS_BATCH_BYTES, ACCESS_UNIT_MAX);

/** Takes a batch whose body has been read (a Buffer of at most UNITS_BODY_MAX), for the camera's session. */
export function ingestUnits(ctx: ModuleContext, session: HttpSession | null, req: Request, res: Response): void {
  const refuse = (error: CamrelayError) => {
    ctx.relay.admission.noteRefused(error);
    sendError(res, error);
  };
  if (!req.is(UNITS_CONTENT_TYPE))
    return refuse(new CamrelayError('BAD_CONTENT_TYPE', `A batch of units must be sent with Content-Type: ${UNITS_CONTENT_TYPE}.`));
  // Units come only from a run that offers what makes them, as on Socket.IO where the handshake's offers say so.
  if (!session) return refuse(new CamrelayError('BAD_UNITS', 'A batch of units needs the x-camrelay-offers header (h264, h264-rungs or detect).'));
  const body: unknown = req.body;
  if (!Buffer.isBuffer(body)) return refuse(new CamrelayError('BAD_UNITS', 'The request has no batch body.'));
  const split = splitUnitsBody(body);
  if (!split.ok) return refuse(new CamrelayError('BAD_UNITS', split.message));
  const reply = takeUnits(ctx.relay, session.takers, split.head, split.payload);
  res.status(reply.ok ? 200 : ERROR_CODES[reply.error as keyof typeof ERROR_CODES].status).json(reply);
}
