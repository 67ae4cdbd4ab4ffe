/** One way to answer an HTTP error: the stable code, a message, and the code's status. */
import type { ErrorRequestHandler, Response } from 'express';
import { CamrelayError } from '../../shared/errors.js';

export function sendError(res: Response, error: CamrelayError): void {
  if (res.headersSent) return;
  if (error.retryAfterMs !== undefined) res.setHeader('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
  res.status(error.status).json(error.toJSON());
}

/** Maps body-parser and other thrown errors onto camrelay codes; never leaks a stack. */
export function errorHandler(log: { warn: (o: object, m: string) => void }): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const e = err as { type?: string; status?: number; message?: string };
    let error: CamrelayError;
    if (err instanceof CamrelayError) error = err;
    else if (e.type === 'entity.too.large') error = new CamrelayError('BODY_TOO_LARGE');
    else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) error = new CamrelayError('BAD_REQUEST', e.message);
    else {
      log.warn({ err: e.message }, 'request failed');
      error = new CamrelayError('INTERNAL');
    }
    sendError(res, error);
  };
}
