/** The page's calls to the relay's JSON API, as results rather than exceptions, so no caller forgets the failure case. */
import { PAGE_REQUEST_HEADER } from '../../shared/auth.js';
/** The JSON error every camrelay endpoint answers with (`CamrelayError#toJSON`), and a 429's wait. */
export interface ApiError {
  error: string;
  message: string;
  /** On a 429: how long to wait before trying again. */
  retryAfterMs?: number;
  /** On a refused form: the field the message is about (the Admin area shows it beside that field). */
  field?: string;
}

/**
 * A wire shape (shared/) before it is checked: its field names, each of any value. Untrusted JSON
 * is parsed field by field, and a field renamed in shared/ fails to compile here.
 */
export type Unchecked<T> = { [K in keyof T]?: unknown };

/** An answer of the server: the body on a 2xx, else its error; `status` is 0 when nothing answered. */
export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; body: ApiError };

/** What `Api` reads of a `fetch` answer, so tests can pass plain objects. */
export interface FetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<FetchResponse>;

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const UNREACHABLE: ApiError = { error: 'NETWORK', message: 'Could not reach the server.' };
const NOT_JSON: ApiError = { error: 'BAD_RESPONSE', message: 'The server sent an answer that is not JSON.' };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function toError(status: number, json: unknown, retryAfter: string | null): ApiError {
  const known = isRecord(json) && typeof json.error === 'string' && typeof json.message === 'string';
  const error: ApiError = known
    ? { error: json.error as string, message: json.message as string }
    : { error: `HTTP_${status}`, message: `The server answered with HTTP ${status}.` };
  if (isRecord(json) && typeof json.field === 'string') error.field = json.field;
  if (isRecord(json) && typeof json.retryAfterMs === 'number') error.retryAfterMs = json.retryAfterMs;
  else if (retryAfter !== null && Number.isFinite(Number(retryAfter))) error.retryAfterMs = Number(retryAfter) * 1000;
  return error;
}

/**
 * The dashboard's JSON calls to its own server: same-origin, with the session cookie. It never
 * throws: an HTTP error, a body that is not JSON and an unreachable server all come back as results.
 */
export class Api {
  private readonly fetch: FetchLike;

  constructor(fetchFn: FetchLike = (url, init) => fetch(url, init)) {
    this.fetch = fetchFn;
  }

  get<T>(path: string): Promise<ApiResult<T>> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<ApiResult<T>> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<ApiResult<T>> {
    return this.request<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<ApiResult<T>> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<ApiResult<T>> {
    return this.request<T>('DELETE', path);
  }

  /** POSTs a file's bytes as the body, typed as the file is (a photo: `image/jpeg`); the answer is JSON as any other. */
  upload<T>(path: string, file: Blob): Promise<ApiResult<T>> {
    return this.exchange<T>(path, { method: 'POST', headers: this.headers(file.type || 'application/octet-stream'), credentials: 'same-origin', body: file });
  }

  request<T>(method: Method, path: string, body?: unknown): Promise<ApiResult<T>> {
    const init: RequestInit = { method, headers: this.headers(method === 'GET' ? null : 'application/json'), credentials: 'same-origin' };
    if (body !== undefined) init.body = JSON.stringify(body);
    return this.exchange<T>(path, init);
  }

  private headers(contentType: string | null): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', [PAGE_REQUEST_HEADER]: '1' };
    if (contentType) headers['content-type'] = contentType;
    return headers;
  }

  private async exchange<T>(path: string, init: RequestInit): Promise<ApiResult<T>> {
    let response: FetchResponse;
    let text: string;
    try {
      response = await this.fetch(path, init);
      text = await response.text();
    } catch {
      return { ok: false, status: 0, body: { ...UNREACHABLE } };
    }
    const json = parseJson(text);
    const { status } = response;
    if (status >= 200 && status < 300) {
      // A server without this endpoint may answer 200 with the dashboard's HTML: that is no answer.
      if (!isRecord(json)) return { ok: false, status, body: { ...NOT_JSON } };
      return { ok: true, status, body: json as T };
    }
    return { ok: false, status, body: toError(status, json, response.headers.get('retry-after')) };
  }
}
