/** A PTZ answer from outside this process (a capture client, another node), bounded before a viewer sees it. */
import { CamrelayError, isErrorCode } from '../../../shared/errors.js';
import type { PtzReply } from '../../../shared/ptz.js';

const MESSAGE_MAX = 300;

/** A known code and a short message, or PTZ_FAILED; never more than the viewer's ack needs. */
export function replyOf(answer: unknown): PtzReply {
  const a = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  if (a.ok === true) return { ok: true };
  const error = isErrorCode(a.error) ? a.error : 'PTZ_FAILED';
  const message = typeof a.message === 'string' && a.message ? a.message.slice(0, MESSAGE_MAX) : new CamrelayError(error).message;
  return { ok: false, error, message };
}
