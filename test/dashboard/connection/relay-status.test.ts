import { describe, expect, it } from 'vitest';
import { bannerText, RelayStatus } from '../../../dashboard/src/connection/relay-status.js';

describe('RelayStatus', () => {
  it('is unreachable from the first drop or failure, counts the attempts, and clears when the relay answers', () => {
    let changes = 0;
    let now = 1000;
    const status = new RelayStatus(
      () => changes++,
      () => now,
    );
    expect(status.problem).toBeNull();
    status.lost();
    now = 3000;
    status.failed();
    status.failed();
    expect(status.problem).toEqual({ kind: 'unreachable', since: 1000, attempts: 2 });
    expect(status.unreachable).toBe(true);
    status.reached();
    expect(status.problem).toBeNull();
    expect(changes).toBe(4);
    status.reached();
    expect(changes).toBe(4);
  });

  it('puts a refusal first, and drops it when told', () => {
    const status = new RelayStatus(() => {});
    status.lost();
    status.refused({ code: 'BAD_ORIGIN', message: 'no' });
    expect(status.problem).toEqual({ kind: 'refused', code: 'BAD_ORIGIN', message: 'no' });
    status.refused(null);
    expect(status.problem?.kind).toBe('unreachable');
  });
});

describe('bannerText', () => {
  it('says since when the relay is unreachable and that the cameras may be fine', () => {
    const text = bannerText({ kind: 'unreachable', since: Date.UTC(2026, 0, 1, 12, 1, 3), attempts: 3 }, 2);
    expect(text.title).toMatch(/^Relay unreachable since /);
    expect(text.detail).toContain('attempt 3, every 2 s');
    expect(text.detail).toContain('The cameras may be fine');
  });

  it("gives a refusal its code, the server's message and what to do", () => {
    const text = bannerText({ kind: 'refused', code: 'BAD_ORIGIN', message: "This page's origin (http://a) is not …" }, 2);
    expect(text.title).toBe('The relay refused this page (BAD_ORIGIN)');
    expect(text.detail).toContain('http://a');
    expect(text.fix).not.toBe('');
  });
});
