/** What `npm run build:capture` writes, by name: read by the build, its tests and the relay's download route (no build code here). */
import path from 'node:path';

export const ZIP_NAME = 'camrelay-capture-win-x64.zip';
/** The default output folder, in the repository. */
export const DIST_CAPTURE = path.resolve(import.meta.dirname, '../..', 'dist-capture');
