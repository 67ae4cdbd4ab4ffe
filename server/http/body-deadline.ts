/** A whole request body within a deadline: a small JSON body that never finishes must not hold a socket for a minute. */
import express, { type RequestHandler } from 'express';
import { CamrelayError } from '../../shared/errors.js';
import { sendError } from './http-errors.js';

/** JSON bodies are a few hundred bytes: 10 s is slow even for a phone on a bad link. */
export const JSON_BODY_DEADLINE_MS = 10_000;

export function bodyDeadline(ms = JSON_BODY_DEADLINE_MS): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (req.complete || res.headersSent) return;
      res.setHeader('Connection', 'close');
      sendError(res, new CamrelayError('SLOW_REQUEST', `The request body did not arrive within ${ms / 1000} s; it was cut off.`));
      res.once('finish', () => req.destroy());
    }, ms);
    timer.unref();
    res.once('close', () => clearTimeout(timer));
    req.once('end', () => clearTimeout(timer));
    next();
  };
}

/** A small JSON body (16 KB at most), whole within the deadline: for the login and admin routes. */
export function jsonBody(): RequestHandler {
  const parse = express.json({ limit: '16kb' });
  const deadline = bodyDeadline();
  return (req, res, next) => deadline(req, res, () => parse(req, res, next));
}
