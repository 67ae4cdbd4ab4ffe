import { describe, expect, it } from 'vitest';
import { isWallRoute, startRoute, WALL_REMEMBERED, WALL_ROUTE } from '../../../dashboard/src/wall/wall-route.js';

describe('isWallRoute', () => {
  it('reads #/wall, with or without a trailing slash, and nothing else', () => {
    expect(isWallRoute('#/wall')).toBe(true);
    expect(isWallRoute('#/wall/')).toBe(true);
    expect(isWallRoute('')).toBe(false);
    expect(isWallRoute('#/walls')).toBe(false);
    expect(isWallRoute('#/camera/wall')).toBe(false);
    expect(isWallRoute('#/events')).toBe(false);
  });
});

describe('startRoute', () => {
  it('opens the wall on a page with no address when this browser was left on the wall', () => {
    expect(startRoute('', WALL_REMEMBERED)).toBe(WALL_ROUTE);
    expect(startRoute('#', WALL_REMEMBERED)).toBe(WALL_ROUTE);
    expect(startRoute('#/', WALL_REMEMBERED)).toBe(WALL_ROUTE);
  });

  it('keeps the grid when nothing, or something else, is remembered', () => {
    expect(startRoute('', null)).toBeNull();
    expect(startRoute('', 'grid')).toBeNull();
  });

  it("keeps the page's own address: a camera's link or the events page opens that, not the wall", () => {
    expect(startRoute('#/camera/door', WALL_REMEMBERED)).toBeNull();
    expect(startRoute('#/events', WALL_REMEMBERED)).toBeNull();
    expect(startRoute('#/wall', WALL_REMEMBERED)).toBeNull();
  });
});
