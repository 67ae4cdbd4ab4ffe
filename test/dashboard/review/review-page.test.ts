import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEAD_MS } from '../../../dashboard/src/playback/events-page.js';
import { BADGE_MS } from '../../../dashboard/src/review/review-badge.js';
import { REFRESH_MS, REVIEW_ROUTE } from '../../../dashboard/src/review/review-page.js';

const doc = readFileSync(new URL('../../../docs/review.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

describe('ReviewPage, as docs/review.md’s "The page" says', () => {
  it('lives at its route, asks again every 30 s while open and the badge every minute, and plays from 5 s before', () => {
    expect(doc).toContain(`(\`${REVIEW_ROUTE}\`)`);
    expect(REFRESH_MS).toBe(30_000);
    expect(doc).toContain('While the page is open it asks again every 30 s');
    expect(BADGE_MS).toBe(60_000);
    expect(doc).toContain('asked again every minute');
    expect(LEAD_MS).toBe(5000);
    expect(doc).toContain('from 5 s before the event');
  });
});
