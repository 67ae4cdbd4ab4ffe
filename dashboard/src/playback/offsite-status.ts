/** What an event card says of its off-site copy (docs/offsite.md), in the viewer's local time. */
import type { OffsiteStatus } from '../../../shared/events.js';
import { clockTime } from './time.js';

export function offsiteText(s: OffsiteStatus): string {
  const again = s.retryAt === undefined ? '' : ` (${s.state === 'held' ? 'copies' : 'retrying'} at ${clockTime(s.retryAt, false)})`;
  switch (s.state) {
    case 'copied':
      return 'Copied off-site';
    case 'copying':
      return 'Copying off-site…';
    case 'queued':
      return 'Queued for off-site copy';
    case 'held':
      return `Off-site copy held: ${s.detail ?? 'daily cap reached'}${again}`;
    case 'failed':
      // The next try first: a long reason is cut on a small card, the time must not be.
      return `Off-site copy failed${again}: ${s.detail ?? 'unknown error'}`;
  }
}
