/**
 * `<img>` embeds of a camera's stream or snapshot on other pages. Helmet answers everything with
 * `Cross-Origin-Resource-Policy: same-origin`; for the pages listed in CAMRELAY_EMBED_ORIGINS (told
 * by the request's Referer, which browsers send as at least the origin) these two answers say
 * `cross-origin` instead. The request still needs a signed-in browser: the session cookie is
 * SameSite=Strict, so it travels only from pages of the same site (same host name or address on
 * another port, or a sibling subdomain).
 */
import type { RequestHandler } from 'express';

const EMBEDDABLE = /^\/api\/cameras\/[^/]+\/(stream\.mjpeg|snapshot\.jpg)$/i;

export function embedPolicy(origins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (origins.length === 0 || !EMBEDDABLE.test(req.path)) return next();
    let origin: string | null = null;
    try {
      origin = req.headers.referer ? new URL(req.headers.referer).origin : null;
    } catch {
      // not a URL: no embed
    }
    if (origin !== null && origins.includes(origin)) res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    next();
  };
}
