/**
 * The one-file capture program, for a camera PC to take from the relay itself: what the README's
 * "download, unzip, one command" points at. Served when `npm run build:capture` made it here; not
 * secret (the program holds no token), so no sign-in, as the Live Monitor's own files.
 */
import type { Express } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CamrelayError } from '../../shared/errors.js';
import { DIST_CAPTURE, ZIP_NAME } from '../../common/capture-artefacts.js';
import { sendError } from '../http/http-errors.js';

export const DOWNLOAD_PATH = `/downloads/${ZIP_NAME}`;

export function serveDownloads(app: Express, dir = DIST_CAPTURE): void {
  app.get(DOWNLOAD_PATH, (_req, res) => {
    res.download(path.join(dir, ZIP_NAME), ZIP_NAME, (err) => {
      if (err && !res.headersSent) sendError(res, new CamrelayError('NOT_BUILT'));
    });
  });
}

/** True when the zip is there to serve, so the banner can point at it rather than at the build. */
export const captureBuilt = (dir = DIST_CAPTURE): boolean => existsSync(path.join(dir, ZIP_NAME));
