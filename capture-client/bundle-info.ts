/** What the build of tools/build-capture bakes into the one-file capture program; nothing when run from source with tsx. */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// Replaced by esbuild's `define` in tools/build-capture/bundle.ts; an undeclared name when run from source.
declare const CAMRELAY_BUNDLE_VERSION: string | undefined;

/** The package version baked in at build time, or undefined when this runs from the repository's sources. */
export const BUNDLED_VERSION: string | undefined = typeof CAMRELAY_BUNDLE_VERSION === 'string' ? CAMRELAY_BUNDLE_VERSION : undefined;

/** The folder of the bundle file (`node camrelay-capture.cjs`), or null when running from source. */
export function bundleDir(): string | null {
  return BUNDLED_VERSION === undefined ? null : dirname(fileURLToPath(import.meta.url));
}
