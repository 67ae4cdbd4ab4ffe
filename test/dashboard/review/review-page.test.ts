import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEAD_MS } from '../../../dashboard/src/playback/events-page.js';
import { BADGE_MS } from '../../../dashboard/src/review/review-badge.js';
import { NEWS_MS, REVIEW_ROUTE } from '../../../dashboard/src/review/review-page.js';

const doc = readFileSync(new URL('../../../docs/review.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

describe('ReviewPage, as docs/review.md’s "The page" says', () => {
  it('lives at its route, asks again within a second of news and the badge every minute, and plays from 5 s before', () => {
    expect(doc).toContain(`(\`${REVIEW_ROUTE}\`)`);
    expect(NEWS_MS).toBe(1000);
    expect(doc).toContain('the page asks for the day again within a second');
    expect(BADGE_MS).toBe(60_000);
    expect(doc).toContain('asked again every minute');
    expect(LEAD_MS).toBe(5000);
    expect(doc).toContain('from 5 s before the event');
  });
});
