import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { PRINCIPAL_LOCAL, type Principal } from './principal';
import { sendProblem } from './problem';

export interface IdempotencyOptions {
  /** How long a final answer is replayed (default 24 h). */
  ttlMs?: number;
  /** At most this many keys are remembered; the least recently used goes first (default 10 000). */
  maxKeys?: number;
  now?: () => number;
}

interface Stored {
  fingerprint: string;
  expiresAt: number;
  /** undefined while the first attempt is still running. */
  answer?: { status: number; contentType?: string; etag?: string; body: string };
}

// RFC draft "The Idempotency-Key HTTP Header Field": a short opaque string; we accept printable ASCII.
const KEY = /^[\x21-\x7E]{1,255}$/;

/**
 * Replays the first final answer (2xx/4xx) of a POST/PUT with the same Idempotency-Key,
 * per replica, keyed by principal + method + path + key. An attempt that ended in a 5xx
 * (unavailable, timeout, outcome unknown) is forgotten, so the retry runs as a new attempt.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Stored>();
  private readonly ttlMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(opts: IdempotencyOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 24 * 3600_000;
    this.maxKeys = opts.maxKeys ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Express middleware; runs after the JSON body parser. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const raw = req.headers['idempotency-key'];
      if (raw === undefined) return next();
      const key = Array.isArray(raw) ? raw.join(',') : raw;
      if (!KEY.test(key)) {
        return sendProblem(res, 'invalid-idempotency-key', {
          detail: 'Idempotency-Key must be 1 to 255 printable ASCII characters',
        });
      }
      const principal = res.locals[PRINCIPAL_LOCAL] as Principal | undefined;
      const id = JSON.stringify([principal?.sub ?? '', req.method, req.originalUrl, key]);
      const fingerprint = createHash('sha256')
        .update(JSON.stringify(req.body ?? null))
        .digest('base64url');
      const hit = this.get(id);
      if (hit && hit.fingerprint !== fingerprint) {
        return sendProblem(res, 'idempotency-key-reused', {
          detail: 'this Idempotency-Key was used with a different request body',
        });
      }
      if (hit && !hit.answer) {
        res.setHeader('Retry-After', '1');
        return sendProblem(res, 'idempotency-key-in-flight', {
          detail: 'a request with this Idempotency-Key is still being processed; retry later',
        });
      }
      if (hit?.answer) return replay(res, hit.answer);
      const entry: Stored = { fingerprint, expiresAt: this.now() + this.ttlMs };
      this.set(id, entry);
      capture(res, (answer) => {
        // Only final answers are kept; after a 5xx the client's retry is a new attempt.
        if (answer && answer.status < 500) {
          entry.answer = answer;
          entry.expiresAt = this.now() + this.ttlMs;
        } else if (this.entries.get(id) === entry) {
          this.entries.delete(id);
        }
      });
      next();
    };
  }

  private get(id: string): Stored | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (e.answer && e.expiresAt <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    // Map order is insertion order: re-inserting marks it most recently used.
    this.entries.delete(id);
    this.entries.set(id, e);
    return e;
  }

  private set(id: string, e: Stored): void {
    this.entries.set(id, e);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxKeys) break;
      this.entries.delete(oldest);
    }
  }
}

function replay(res: Response, a: NonNullable<Stored['answer']>): void {
  res.status(a.status).setHeader('Idempotent-Replayed', 'true');
  if (a.etag) res.setHeader('ETag', a.etag);
  if (a.contentType) res.setHeader('Content-Type', a.contentType);
  res.send(a.body);
}

/** Calls `done` once with what was sent (undefined when nothing was), when the response closes. */
function capture(res: Response, done: (a: Stored['answer']) => void): void {
  let body: string | undefined;
  const send = res.send.bind(res);
  res.send = (chunk?: unknown) => {
    if (body === undefined)
      body = Buffer.isBuffer(chunk)
        ? chunk.toString('utf8')
        : typeof chunk === 'string'
          ? chunk
          : JSON.stringify(chunk ?? '');
    return send(chunk);
  };
  res.once('close', () => {
    if (body === undefined) return done(undefined);
    const header = (n: string) => {
      const v = res.getHeader(n);
      return v === undefined ? undefined : String(v);
    };
    done({ status: res.statusCode, contentType: header('content-type'), etag: header('etag'), body });
  });
}
