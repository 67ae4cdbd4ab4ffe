import { describe, expect, it } from 'vitest';
import { Api, type FetchLike } from '../../dashboard/src/api.js';

/** Answers every request with one canned response, and remembers what was asked. */
function fakeFetch(answer: () => Promise<Response>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, init });
    return answer();
  };
  return { api: new Api(fetch), calls };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }));

describe('Api', () => {
  describe('#request', () => {
    it('sends JSON with the session cookie of this origin', async () => {
      const { api, calls } = fakeFetch(json(201, { ok: true }));
      await api.post('/api/users', { username: 'bob' });
      expect(calls).toEqual([
        {
          url: '/api/users',
          init: {
            method: 'POST',
            headers: { accept: 'application/json', 'x-camrelay-page': '1', 'content-type': 'application/json' },
            credentials: 'same-origin',
            body: '{"username":"bob"}',
          },
        },
      ]);
    });

    it('uploads a file as the body, typed as the file is, with the session cookie of this origin', async () => {
      const { api, calls } = fakeFetch(json(201, { people: [] }));
      const photo = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], { type: 'image/jpeg' });
      expect(await api.upload('/api/faces/p1/photos', photo)).toEqual({ ok: true, status: 201, body: { people: [] } });
      expect(calls).toEqual([
        {
          url: '/api/faces/p1/photos',
          init: {
            method: 'POST',
            headers: { accept: 'application/json', 'x-camrelay-page': '1', 'content-type': 'image/jpeg' },
            credentials: 'same-origin',
            body: photo,
          },
        },
      ]);
    });

    it('sends a GET without a body or content type', async () => {
      const { api, calls } = fakeFetch(json(200, { ok: true }));
      await api.get('/api/me');
      expect(calls[0]!.init).toEqual({ method: 'GET', headers: { accept: 'application/json', 'x-camrelay-page': '1' }, credentials: 'same-origin' });
    });

    it('sends a DELETE as JSON without a body', async () => {
      const { api, calls } = fakeFetch(json(200, { ok: true }));
      await api.delete('/api/camera-tokens/abc');
      expect(calls[0]!.init.method).toBe('DELETE');
      expect(calls[0]!.init.body).toBeUndefined();
      expect(calls[0]!.init.credentials).toBe('same-origin');
    });

    it('returns the body of a 2xx answer', async () => {
      const { api } = fakeFetch(json(200, { ok: true, user: { username: 'admin' } }));
      expect(await api.get('/api/me')).toEqual({ ok: true, status: 200, body: { ok: true, user: { username: 'admin' } } });
    });

    it('returns the code and message of a JSON error without throwing', async () => {
      const { api } = fakeFetch(json(403, { ok: false, error: 'BAD_ORIGIN', message: 'Cross-origin request refused.' }));
      expect(await api.post('/api/users', {})).toEqual({
        ok: false,
        status: 403,
        body: { error: 'BAD_ORIGIN', message: 'Cross-origin request refused.' },
      });
    });

    it('keeps the wait of a 429 from the JSON', async () => {
      const body = { ok: false, error: 'TOO_MANY_ATTEMPTS', message: 'Too many attempts.', retryAfterMs: 4200 };
      const { api } = fakeFetch(json(429, body, { 'retry-after': '5' }));
      const answer = await api.post('/api/login', {});
      expect(answer.ok).toBe(false);
      expect(!answer.ok && answer.body.retryAfterMs).toBe(4200);
    });

    it('keeps the field a refused form’s message is about', async () => {
      const body = { ok: false, error: 'BAD_WEBHOOK', message: 'webhook.url must be an http:// or https:// URL', field: 'url' };
      const { api } = fakeFetch(json(400, body));
      const answer = await api.post('/api/admin/notifications/webhooks', {});
      expect(!answer.ok && answer.body).toEqual({ error: 'BAD_WEBHOOK', message: body.message, field: 'url' });
    });

    it('falls back to the Retry-After header in seconds', async () => {
      const { api } = fakeFetch(json(429, { ok: false, error: 'TOO_MANY_ATTEMPTS', message: 'Slow down.' }, { 'retry-after': '7' }));
      const answer = await api.post('/api/login', {});
      expect(!answer.ok && answer.body).toEqual({ error: 'TOO_MANY_ATTEMPTS', message: 'Slow down.', retryAfterMs: 7000 });
    });

    it('describes an error answer that is not JSON by its status', async () => {
      const { api } = fakeFetch(() => Promise.resolve(new Response('Bad Gateway', { status: 502 })));
      expect(await api.get('/api/users')).toEqual({
        ok: false,
        status: 502,
        body: { error: 'HTTP_502', message: 'The server answered with HTTP 502.' },
      });
    });

    it('does not take a 200 that is not JSON (a server without the endpoint) for an answer', async () => {
      const { api } = fakeFetch(() => Promise.resolve(new Response('<!doctype html>', { status: 200 })));
      const answer = await api.get('/api/me');
      expect(answer).toMatchObject({ ok: false, status: 200, body: { error: 'BAD_RESPONSE' } });
    });

    it('reports an unreachable server as status 0', async () => {
      const { api } = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
      expect(await api.get('/api/me')).toEqual({
        ok: false,
        status: 0,
        body: { error: 'NETWORK', message: 'Could not reach the server.' },
      });
    });
  });
});
