/**
 * Web Push (#31, docs/notifications.md#web-push): a browser's subscription as the Live Monitor sends
 * it, checked before the relay keeps it, and what the installed app's service worker is sent.
 */
import { ECDH } from 'node:crypto';
import { CamrelayError } from './errors.js';
import { fail, ok, type Result } from './result.js';

/** A push service's address is a URL the browser was given; 2 KB is far beyond any seen (FCM, Mozilla, Apple). */
export const PUSH_ENDPOINT_MAX = 2048;
/** Devices one relay notifies in all, and per user (the oldest of a user's goes when one more comes). */
export const PUSH_SUBSCRIPTIONS_MAX = 200;
export const PUSH_SUBSCRIPTIONS_PER_USER = 10;

export interface PushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** What the service worker shows: a title, a line, the view to open (relative to the app's scope). */
export interface PushNotice {
  title: string;
  body: string;
  /** `#/camera/<id>/at/<ms>`: the Live Monitor playing the event from its start. */
  url: string;
  camera: string;
  eventId: string;
  /** One notice per event on a phone: a later one with the same tag replaces it. */
  tag: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * The push services browsers subscribe at (a name, or a domain whose subdomains all are): Google's
 * FCM (Chrome, Android, Opera, Samsung Internet), Mozilla's (Firefox), Apple's (Safari, iOS home-screen
 * apps) and Microsoft's WNS (Edge). The relay sends to these alone: an endpoint is whatever a signed-in
 * user posts, and any other host would have the relay send requests wherever that user says (its own
 * LAN included).
 */
export const PUSH_SERVICES = ['fcm.googleapis.com', 'push.services.mozilla.com', 'push.apple.com', 'notify.windows.com'] as const;

/** Whether 65 bytes are a point on P-256: one that is not would fail the key exchange of every notice sent to it, unseen. */
function onCurve(point: Buffer): boolean {
  try {
    ECDH.convertKey(point, 'prime256v1');
    return true;
  } catch {
    return false;
  }
}

export function isPushService(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return PUSH_SERVICES.some((s) => host === s || host.endsWith(`.${s}`));
}

/** The bytes of a base64url string of at most `max` characters, else null. */
function bytesOf(value: unknown, max: number): Buffer | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > max || !BASE64URL.test(value)) return null;
  return Buffer.from(value, 'base64url');
}

/**
 * `allowLoopbackHttp`: tests only, for a push endpoint of their own on http://127.0.0.1 (web-push
 * encrypts either way; a real push service is always https).
 */
export function validatePushSubscription(body: unknown, allowLoopbackHttp = false): Result<PushSubscriptionInput> {
  const bad = (why: string) => fail(new CamrelayError('BAD_PUSH_SUBSCRIPTION', `The push subscription is not valid: ${why}`));
  if (typeof body !== 'object' || body === null) return bad('it must be a JSON object { endpoint, keys: { p256dh, auth } }.');
  const { endpoint, keys } = body as { endpoint?: unknown; keys?: unknown };
  if (typeof endpoint !== 'string' || endpoint.length > PUSH_ENDPOINT_MAX) return bad(`endpoint must be a URL of at most ${PUSH_ENDPOINT_MAX} characters.`);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return bad('endpoint is not a URL.');
  }
  const loopback = allowLoopbackHttp && url.protocol === 'http:' && url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !loopback) return bad("endpoint must be an https URL: the address of the browser's push service.");
  if (url.username || url.password) return bad('endpoint must not carry a user name or password.');
  if (!loopback && !isPushService(url.hostname))
    return bad(`endpoint must be at a browser's push service (${PUSH_SERVICES.join(', ')}); ${url.hostname} is not one.`);
  const k = (typeof keys === 'object' && keys !== null ? keys : {}) as { p256dh?: unknown; auth?: unknown };
  const p256dh = bytesOf(k.p256dh, 128);
  // An uncompressed P-256 point: 0x04, then x and y of 32 bytes each (RFC 8291 §3.1).
  if (!p256dh || p256dh.length !== 65 || p256dh[0] !== 4 || !onCurve(p256dh))
    return bad('keys.p256dh must be a P-256 public key: 65 bytes starting 0x04, a point on the curve, in base64url.');
  const auth = bytesOf(k.auth, 64);
  if (!auth || auth.length !== 16) return bad('keys.auth must be 16 bytes, in base64url.');
  return ok({ endpoint: url.href, keys: { p256dh: k.p256dh as string, auth: k.auth as string } });
}
