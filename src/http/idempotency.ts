import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { CoordinationError } from '../coordination/errors';
import type { IdempotencyClaim, IdempotencyRecords, StoredAnswer } from '../coordination/stores';
import { requestIdOf } from '../observability/request-context';
import { PRINCIPAL_LOCAL, principalIdentity, type Principal } from './principal';
import { sendProblem } from './problem';

// RFC draft "The Idempotency-Key HTTP Header Field": a short opaque string; we accept printable ASCII.
const KEY = /^[\x21-\x7E]{1,255}$/;

/** Marks a request whose Idempotency-Key was claimed (the write then needs the shared lock). */
export const IDEMPOTENT_LOCAL = 'idempotencyKey';

export interface IdempotencyLog {
  warn(obj: object, msg?: string): void;
}

/**
 * Replays the first final answer (2xx/4xx) of a POST/PUT with the same Idempotency-Key, keyed
 * by the principal's full identity + method + path + key, from `records` (in-process, or shared through Redis).
 * An attempt that ended in a 5xx (unavailable, timeout, outcome unknown) is forgotten, so the
 * retry runs as a new attempt. Runs after the JSON body parser.
 */
export function idempotencyMiddleware(records: IdempotencyRecords, logger?: IdempotencyLog): RequestHandler {
  return async (req, res, next) => {
    const raw = req.headers['idempotency-key'];
    if (raw === undefined) return next();
    const key = Array.isArray(raw) ? raw.join(',') : raw;
    if (!KEY.test(key)) {
      return sendProblem(res, 'invalid-idempotency-key', {
        detail: 'Idempotency-Key must be 1 to 255 printable ASCII characters',
      });
    }
    const principal = res.locals[PRINCIPAL_LOCAL] as Principal | undefined;
    const id = JSON.stringify([principalIdentity(principal), req.method, req.originalUrl, key]);
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(req.body ?? null))
      .digest('base64url');
    let begun;
    try {
      begun = await records.begin(id, fingerprint);
    } catch (err) {
      // Without the records a retry could run twice: refuse before anything is sent.
      if (err instanceof CoordinationError) return next(err);
      throw err;
    }
    switch (begun.kind) {
      case 'reused':
        return sendProblem(res, 'idempotency-key-reused', {
          detail: 'this Idempotency-Key was used with a different request body',
        });
      case 'in-flight':
        res.setHeader('Retry-After', '1');
        return sendProblem(res, 'idempotency-key-in-flight', {
          detail: 'a request with this Idempotency-Key is still being processed; retry later',
        });
      case 'replay':
        return replay(res, begun.answer);
      case 'started':
        res.locals[IDEMPOTENT_LOCAL] = true;
        settleBeforeSending(res, begun.claim, logger);
        return next();
    }
  };
}

function replay(res: Response, a: StoredAnswer): void {
  res.status(a.status).setHeader('Idempotent-Replayed', 'true');
  if (a.etag) res.setHeader('ETag', a.etag);
  if (a.location) res.setHeader('Location', a.location);
  if (a.contentType) res.setHeader('Content-Type', a.contentType);
  res.send(a.body);
}

/**
 * Stores the answer before it leaves (so a client that retries at once, on any replica, gets
 * the replay), or forgets the key after a 5xx. A failure to store is logged, never answered:
 * the client gets the real outcome of its write.
 */
function settleBeforeSending(res: Response, claim: IdempotencyClaim, logger?: IdempotencyLog): void {
  let settled = false;
  const send = res.send.bind(res);
  res.send = (chunk?: unknown) => {
    if (settled) return send(chunk);
    settled = true;
    const body = Buffer.isBuffer(chunk)
      ? chunk.toString('utf8')
      : typeof chunk === 'string'
        ? chunk
        : JSON.stringify(chunk ?? '');
    const header = (n: string) => {
      const v = res.getHeader(n);
      return v === undefined ? undefined : String(v);
    };
    const answer: StoredAnswer = {
      status: res.statusCode,
      contentType: header('content-type') ?? (typeof chunk === 'object' ? 'application/json' : undefined),
      etag: header('etag'),
      location: header('location'),
      body,
    };
    // Only final answers are kept; after a 5xx the client's retry is a new attempt.
    const store = answer.status < 500 ? claim.complete(answer) : claim.abandon();
    store
      .catch((err: unknown) =>
        logger?.warn(
          {
            requestId: requestIdOf(res),
            event: 'idempotency-store-failed',
            status: answer.status,
            message: (err as Error).message,
          },
          'the Idempotency-Key answer could not be stored; a retry will run again',
        ),
      )
      .finally(() => send(chunk))
      // A send that throws here is outside express's reach: log it rather than end the process.
      .catch((err: unknown) =>
        logger?.warn(
          { requestId: requestIdOf(res), event: 'idempotency-send-failed', message: (err as Error).message },
          'the answer of an Idempotency-Key request could not be sent',
        ),
      );
    return res;
  };
  // The client went away before any answer: forget the key (the marker would expire anyway).
  res.once('close', () => {
    if (settled) return;
    settled = true;
    claim.abandon().catch(() => undefined);
  });
}
