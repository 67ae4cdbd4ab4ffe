import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../dashboard/src/api.js';
import { emptyText, facesOf, loadReview, markSeen, parseItem, platesOf, tabText, whatToDo } from '../../../dashboard/src/review/review-data.js';

const event = { id: '1', camera: 'porch', start: 1000, end: 5000, cutShort: false, peakScore: 3, peakAt: 2000, snapshotUrl: null, thumbnailUrl: null };

describe('parseItem', () => {
  it('keeps a well-formed item, its terms in lower case', () => {
    const item = parseItem({
      key: 'porch/1',
      event: { ...event, labels: ['person'] },
      severity: 'alert',
      zones: ['Driveway'],
      terms: ['Porch', 'person'],
      seen: true,
    });
    expect(item).toMatchObject({ key: 'porch/1', severity: 'alert', zones: ['Driveway'], terms: ['porch', 'person'], seen: true });
    expect(item?.event.labels).toEqual(['person']);
  });

  it('refuses an item without a key, an event or a known severity', () => {
    expect(parseItem({ event, severity: 'alert' })).toBeNull();
    expect(parseItem({ key: 'k', severity: 'alert' })).toBeNull();
    expect(parseItem({ key: 'k', event, severity: 'urgent' })).toBeNull();
    expect(parseItem('porch/1')).toBeNull();
  });

  it('bounds the lists an item brings and drops what is not text', () => {
    const item = parseItem({ key: 'k', event, severity: 'motion', zones: [1, 'Lawn'], terms: Array.from({ length: 1000 }, () => 'x'.repeat(1000)) });
    expect(item?.zones).toEqual(['Lawn']);
    expect(item?.terms).toHaveLength(64);
    expect(item?.terms[0]).toHaveLength(200);
    expect(item?.seen).toBe(false);
  });
});

describe('loadReview', () => {
  it('asks for the range and keeps the items it can read, with the unseen counts', async () => {
    const asked: string[] = [];
    const get = async <T>(path: string): Promise<ApiResult<T>> => {
      asked.push(path);
      const body = {
        from: 0,
        to: 10,
        items: [{ key: 'porch/1', event, severity: 'alert', zones: [], terms: [], seen: false }, { bad: true }],
        unseen: { alert: 1, detection: 'x' },
      };
      return { ok: true, status: 200, body: body as T };
    };
    const r = await loadReview(get, 0, 10);
    expect(asked).toEqual(['/api/review?from=0&to=10']);
    expect(r.ok && r.list.items.map((i) => i.key)).toEqual(['porch/1']);
    expect(r.ok && r.list.unseen).toEqual({ alert: 1, detection: 0, motion: 0 });
  });

  it('says what to do when the relay refuses or cannot be reached', async () => {
    const get = async <T>(): Promise<ApiResult<T>> => ({ ok: false, status: 0, body: { error: 'NETWORK', message: 'Could not reach the server.' } });
    expect(await loadReview(get, 0, 10)).toEqual({ ok: false, message: 'Could not reach the server. Check that the relay is running, then press Reload.' });
    expect(whatToDo(404, { error: 'HTTP_404', message: 'Not found.' })).toBe('This relay has no review page yet: update it, then press Reload.');
    expect(whatToDo(200, { error: 'BAD_RESPONSE', message: 'The server sent an answer that is not JSON.' })).toBe(
      'This relay has no review page yet: update it, then press Reload.',
    );
    expect(whatToDo(500, { error: 'INTERNAL', message: 'Something broke.' })).toBe('Something broke. Press Reload to try again.');
  });
});

describe('markSeen', () => {
  it('sends the keys in batches the server accepts (500 at most)', async () => {
    const sent: Array<{ keys: string[]; seen: boolean }> = [];
    const post = async <T>(_path: string, body: unknown): Promise<ApiResult<T>> => {
      sent.push(body as { keys: string[]; seen: boolean });
      return { ok: true, status: 200, body: { changed: 1, skipped: 0 } as T };
    };
    expect(
      await markSeen(
        post,
        Array.from({ length: 1200 }, (_, i) => `c/${i}`),
        false,
      ),
    ).toBeNull();
    expect(sent.map((b) => [b.keys.length, b.seen])).toEqual([
      [500, false],
      [500, false],
      [200, false],
    ]);
  });
});

describe('what the page says', () => {
  it('names each tab with its unseen count', () => {
    expect([tabText('alert', 3), tabText('detection', 0), tabText('motion', 0), tabText('motion', 2)]).toEqual([
      'Alerts (3 unseen)',
      'Detections (0 unseen)',
      'Motion',
      'Motion (2 unseen)',
    ]);
  });

  it('tells the truth of an empty list: filtered, nothing that day, or detection off', () => {
    const none = { total: 0, filtered: false, onlyMotion: false, detectionOff: false };
    expect(emptyText('alert', '28 Nov', none)).toBe('No alerts on 28 Nov.');
    expect(emptyText('motion', '28 Nov', none)).toBe('No motion events on 28 Nov.');
    expect(emptyText('detection', '28 Nov', { ...none, total: 4, filtered: true })).toBe('No detections on 28 Nov match the filters: clear them to see all 4.');
    expect(emptyText('alert', '28 Nov', { ...none, onlyMotion: true, detectionOff: true })).toBe(
      'Detection is off on every camera: turn it on in Settings → Detection to get alerts.',
    );
    expect(emptyText('alert', '28 Nov', { ...none, onlyMotion: true })).toBe('No alerts on 28 Nov.');
  });
});

describe('facesOf (#58)', () => {
  it("names each known person once, says 'unknown person' for a face no one enrolled, and leaves out persons whose face was not seen", () => {
    const objects = [
      { face: { name: 'Alice', distance: 0.4 } },
      { face: { name: 'Alice' } },
      { face: { distance: 0.8 } },
      { face: 'x' },
      {},
      { face: { name: 7 } },
    ];
    expect(facesOf({ objects } as never)).toEqual(['Alice', 'unknown person']);
    expect(facesOf({})).toEqual([]);
  });
});

describe('platesOf (#58)', () => {
  it('gives each plate read once, named when known, and drops what is not a plate', () => {
    const objects = [
      { plate: { text: 'AB123C', confidence: 0.9 } },
      { plate: { text: 'AB123C', confidence: 0.95, name: "Mum's car" } },
      { plate: { text: 'KX58PT', confidence: 0.8 } },
      { plate: { text: '<img src=x>', confidence: 1 } },
      { plate: 'AB' },
      {},
    ];
    expect(platesOf({ objects } as never)).toEqual([
      { text: 'AB123C', name: "Mum's car" },
      { text: 'KX58PT', name: null },
    ]);
    expect(platesOf({})).toEqual([]);
  });
});
