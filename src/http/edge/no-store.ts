import type { RequestHandler } from 'express';

/**
 * `Cache-Control: no-store` on every answer past the open routes (API, login, their problems):
 * they carry one caller's data or tokens, which no browser or shared cache may keep. A client
 * that keeps an ETag itself can still send If-None-Match (304) or If-Match (412).
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
