/**
 * `POST /api/cameras/:cameraId/units` (#38): the HTTP fallback's door for every kind of unit, the same head and payload
 * as a Socket.IO `units` message in one body (shared/units.ts), bounded in bytes before it is read and its head before
 * it is parsed, then taken by the same code (takeUnits, server/relay/unit-takers.ts) with its session's takers. Its
 * `jpeg` items (#56) go as a frames POST's JPEG does, and need no offers. The answer is the batch's UnitsAck: one ack
 * per item, or the whole batch refused with its code.
 */
import type { Request, Response } from 'express';
import { CamrelayError, ERROR_CODES } from '../../../shared/errors.js';
import { splitUnitsBody, UNITS_CONTENT_TYPE, UNITS_HEAD_MAX_BYTES, type UnitKind } from '../../../shared/units.js';
import { sendError } from '../../http/http-errors.js';
import { largestPayloadBytes, type UnitSettings } from '../../relay/unit-kinds.js';
import { jpegTaker, takeUnits, unitTakers, type JpegPush, type UnitTaker } from '../../relay/unit-takers.js';
import type { ModuleContext } from '../../modules/module.js';
import type { HttpSession } from './capture-sessions.js';

/** A batch body, at most: its length and head, then a full batch or one unit of any kind alone (unit-kinds.ts). */
export function unitsBodyMax(settings: UnitSettings): number {
  return 4 + UNITS_HEAD_MAX_BYTES + largestPayloadBytes(settings);
}

/** Whether every item a batch's head names is a `jpeg` (looked at only to tell a JPEG-only sender it needs no offers). */
function onlyJpeg(head: unknown): boolean {
  const items = (head as { items?: unknown } | null)?.items;
  return Array.isArray(items) && items.every((item) => (item as { kind?: unknown } | null)?.kind === 'jpeg');
}

/**
 * Takes a batch whose body has been read (a Buffer of at most unitsBodyMax), for the camera's session; its JPEGs
 * are named `name` (x-camera-name), as a frames POST's are, or each refused with the name's refusal.
 */
export function ingestUnits(
  ctx: ModuleContext,
  cameraId: string,
  session: HttpSession | null,
  name: string | undefined | CamrelayError,
  req: Request,
  res: Response,
): void {
  const refuse = (error: CamrelayError) => {
    ctx.relay.admission.noteRefused(error);
    sendError(res, error);
  };
  if (!req.is(UNITS_CONTENT_TYPE))
    return refuse(new CamrelayError('BAD_CONTENT_TYPE', `A batch of units must be sent with Content-Type: ${UNITS_CONTENT_TYPE}.`));
  const body: unknown = req.body;
  if (!Buffer.isBuffer(body)) return refuse(new CamrelayError('BAD_UNITS', 'The request has no batch body.'));
  const split = splitUnitsBody(body);
  if (!split.ok) return refuse(new CamrelayError('BAD_UNITS', split.message));
  // Units come only from a run that offers what makes them, as on Socket.IO where the handshake's offers say so; JPEG needs none.
  if (!session && !onlyJpeg(split.head))
    return refuse(new CamrelayError('BAD_UNITS', 'A batch of units needs the x-camrelay-offers header (h264, h264-rungs or detect).'));
  const push: JpegPush = (meta, frame) =>
    name instanceof CamrelayError ? ctx.relay.admission.refuse(name) : ctx.relay.ingest(cameraId, meta, frame, 'http', name);
  const takers: Record<UnitKind, UnitTaker> = session ? { ...session.takers, jpeg: jpegTaker(ctx.relay, push) } : unitTakers(ctx.relay, cameraId, false, push);
  const reply = takeUnits(ctx.relay, takers, split.head, split.payload);
  res.status(reply.ok ? 200 : ERROR_CODES[reply.error as keyof typeof ERROR_CODES].status).json(reply);
}
