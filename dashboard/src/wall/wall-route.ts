/** The wall view's address and this browser's memory of it: pure, so it is tested without a DOM. */

export const WALL_ROUTE = '#/wall';
/** localStorage key: `wall` while this browser was last left on the wall. */
export const WALL_KEY = 'camrelay.wall';
export const WALL_REMEMBERED = 'wall';

/** True for the wall's address (a trailing slash typed by hand included). */
export function isWallRoute(hash: string): boolean {
  return hash === WALL_ROUTE || hash === `${WALL_ROUTE}/`;
}

/**
 * The address to open instead of `hash` when the page loads: the wall, when the page was opened with
 * no address of its own (a plain reload, a bookmark of the Live Monitor) and this browser was last
 * left on the wall; else null (the page's own address wins: a camera's link opens that camera).
 */
export function startRoute(hash: string, stored: string | null): string | null {
  const bare = hash === '' || hash === '#' || hash === '#/';
  return bare && stored === WALL_REMEMBERED ? WALL_ROUTE : null;
}
