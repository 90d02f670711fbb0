import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Middleware run in order as ONE express layer: the same handlers, without a router layer (path
 * match, prefix trimming, the walk back through the stack) per handler on every request.
 * Express 5's contract is kept: next(err) and a thrown error or rejected promise go to the error
 * handlers; a handler that answers and calls no next ends the chain.
 */
export function compose(...handlers: RequestHandler[]): RequestHandler {
  if (handlers.length === 1) return handlers[0];
  return (req: Request, res: Response, next: NextFunction) => {
    let i = 0;
    const fail = (err: unknown) => next(err ?? new Error('Rejected promise'));
    const step = (err?: unknown): void => {
      if (err !== undefined && err !== null) return next(err);
      const handler = handlers[i++];
      if (!handler) return next();
      try {
        const ret: unknown = handler(req, res, step);
        if (ret instanceof Promise) ret.then(undefined, fail);
      } catch (e) {
        next(e);
      }
    };
    step();
  };
}
