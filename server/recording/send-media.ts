/**
 * A recording's file or an event's picture as one answer, ranges included (send does those), with
 * errors told apart: a range past the end is 416 with the file's size, a file gone is the caller's
 * "deleted meanwhile". send has set the file's headers by then, so they are taken back first.
 */
import type { Response } from 'express';
import { CamrelayError } from '../../shared/errors.js';
import { sendError } from '../http/http-errors.js';

/** The headers send sets for a file, none of which belongs on an error. */
const FILE_HEADERS = ['Content-Type', 'Content-Range', 'Content-Length', 'Accept-Ranges', 'ETag', 'Last-Modified', 'Cache-Control', 'X-Content-Type-Options'];

export function sendMedia(res: Response, file: string, headers: Record<string, string>, gone: CamrelayError): void {
  res.sendFile(file, { headers, cacheControl: false }, (err?: Error & { status?: number; headers?: Record<string, string> }) => {
    // After the headers, an error is the viewer going away mid-file: nothing to answer.
    if (!err || res.headersSent) return;
    for (const h of FILE_HEADERS) res.removeHeader(h);
    if (err.status === 416) {
      const range = err.headers?.['Content-Range'];
      if (range) res.setHeader('Content-Range', range);
      return sendError(res, new CamrelayError('RANGE_NOT_SATISFIABLE'));
    }
    sendError(res, gone);
  });
}
