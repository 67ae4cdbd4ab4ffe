/**
 * What `npm run build:capture` writes, by name: read by the build (tools/build-capture), its tests
 * and the relay's download route, so it sits where both may import it (no build code here).
 */
import path from 'node:path';
import { CAPTURE_ZIP_NAME } from '../shared/capture-command.js';

// The relay and the dashboard name it too, so it lives in shared/.
export const ZIP_NAME = CAPTURE_ZIP_NAME;
/** The default output folder, in the repository. */
export const DIST_CAPTURE = path.resolve(import.meta.dirname, '..', 'dist-capture');
