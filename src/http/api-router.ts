import { hash, randomUUID } from 'node:crypto';
import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { compileMappings, type CompiledOperation, type ValidInput } from '../mapping/compile';
import { MemoryIdempotencyRecords } from '../coordination/memory-idempotency';
import type { IdempotencyRecords, WriteLock } from '../coordination/stores';
import { ApiFailure } from '../mapping/failure';
import { MappingEngine, type RunTrace } from '../mapping/engine';
import type { ResourceMapping } from '../mapping/types';
import { OciError } from '../oci/errors';
import type { DocumentTally, OciExecutor } from '../oci/executor';
import { requestContextOf } from '../observability/request-context';
import { auditWrite, type AuditLogger, type AuditOutcome } from './audit';
import { IDEMPOTENT_LOCAL, idempotencyMiddleware } from './idempotency';
import { bearerChallenge } from './auth/www-authenticate';
import { ifMatchHolds, parseIfMatch, preconditionFailed } from './if-match';
import { methodNotAllowed } from './method-not-allowed';
import { DELEGATION_LOCAL, PRINCIPAL_LOCAL, type PendingDelegation, type Principal } from './principal';
import { HttpProblem } from './problem';

export interface ApiRouterDeps {
  executor: OciExecutor;
  mappings: ResourceMapping[];
  membershipCacheMs: number;
  /** pino-compatible; audit lines go here. */
  logger?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  /**
   * Where audit lines go (default: `logger`). app.ts passes a child without pino's redaction: the
   * line's fields are fixed in audit.ts and none can hold a credential, and redacting them was
   * a large part of the line's cost.
   */
  auditLogger?: AuditLogger;
  /** Idempotency-Key records (in-process or shared); default: in-process, 24 h. */
  idempotency?: IdempotencyRecords;
  /** Per-executive write lock (in-process or shared); default: in-process. */
  writeLock?: WriteLock;
  /**
   * The head of every route's chain: authentication (Bearer token or cookie session, with the
   * CSRF check of cookie-authenticated writes), rate limit, scope. Also run for any other path
   * under /api, so an anonymous caller learns nothing of which paths exist.
   */
  guard: RequestHandler[];
}

/** A strong validator of the JSON answer, so clients can use If-Match. */
export function etagOf(body: unknown): string {
  return etagOfJson(JSON.stringify(body));
}

/** etagOf for an answer already serialized (one-shot hash: no Hash object per request). */
function etagOfJson(json: string): string {
  return `"${hash('sha256', json, 'base64url').slice(0, 27)}"`;
}

/**
 * Writes a serialized JSON answer. Written directly (res.send re-parses the content type
 * and checks freshness on every answer), except where res.send does more: a conditional request
 * (If-None-Match / If-Modified-Since: 304 when the client's copy is current) and an Idempotency-Key
 * write (the idempotency middleware records the answer from inside res.send).
 */
function sendJson(req: Request, res: Response, status: number, json: string): void {
  if (
    res.locals[IDEMPOTENT_LOCAL] === true ||
    req.headers['if-none-match'] !== undefined ||
    req.headers['if-modified-since'] !== undefined
  ) {
    res.status(status).type('application/json').send(json);
    return;
  }
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}

export interface ApiRoutes {
  /** The routes of every operation. */
  routes: Router;
  /**
   * For any other path under /api, mounted after the login routes: the same guard (an anonymous
   * caller learns nothing of which paths exist) and a pending delegation refused; then 404.
   */
  otherApiPaths: RequestHandler[];
  /** Mounted right after `routes`: the guard for a path express could not decode. */
  undecodablePath: ErrorRequestHandler;
}

/**
 * The REST routes of every mapping, each compiled once into one chain and registered once:
 * guard (authenticate, rate limit, scope) → Idempotency-Key (POST/PUT) → validation, write lock,
 * exchange and answer (the handler). Mounted after the edge, which has parsed the JSON body; the
 * request id is in the request context (requestContextOf).
 */
export function createApiRouter(deps: ApiRouterDeps): ApiRoutes {
  const ops = compileMappings(deps.mappings);
  const auditLogger = deps.auditLogger ?? deps.logger;
  const engine = new MappingEngine({
    executor: deps.executor,
    membershipCacheMs: deps.membershipCacheMs,
    writeLock: deps.writeLock,
  });
  const router = express.Router();

  const idempotency = idempotencyMiddleware(deps.idempotency ?? new MemoryIdempotencyRecords(), deps.logger);
  // If-Match on PUT/DELETE is checked against what the GET of the same path answers.
  const readerOf = new Map(ops.filter((o) => o.method === 'get').map((o) => [o.openApiPath, o]));
  // A pending delegation on anything but an operation: refused like any other out-of-scope path.
  const refuseDelegation: RequestHandler = (_req, res, next) => {
    if (res.locals[DELEGATION_LOCAL]) next(notDelegable(res));
    else next();
  };
  // One express route per path, its operations in one chain each: guard → Idempotency-Key → handler.
  const opsOf = new Map<string, CompiledOperation[]>();
  for (const op of ops) opsOf.set(op.expressPath, [...(opsOf.get(op.expressPath) ?? []), op]);
  for (const [path, pathOps] of opsOf) {
    const route = router.route(path);
    for (const op of pathOps)
      route[op.method](...deps.guard, ...(op.acceptsIdempotencyKey ? [idempotency] : []), handler(op));
  }
  // Then, once every operation had its chance (a later path may serve what an earlier one's pattern
  // also matches), 405 with Allow for a known path asked with a method none of its operations serves.
  for (const [path, pathOps] of opsOf)
    router.all(path, ...deps.guard, refuseDelegation, methodNotAllowed(pathOps.map((op) => op.method)));

  // A path whose ids are not valid %-encoding fails while express matches it, before any route's
  // chain runs: it gets the guard all the same (401 to an anonymous caller, as on every other path,
  // then the scope check's 400 bad-path), so the answer tells nothing of which paths exist.
  const guardRouter = express.Router();
  guardRouter.use(...deps.guard);
  const undecodablePath: ErrorRequestHandler = (err, req, res, next) => {
    if (!(err instanceof URIError)) return next(err);
    guardRouter(req, res, (guardErr?: unknown) => next(guardErr ?? err));
  };

  /** 403 for an assistant token on a route it may not call for its executive (no OCI traffic). */
  function notDelegable(res: Response, detail = 'a user token does not reach this resource'): HttpProblem {
    res.setHeader('WWW-Authenticate', bearerChallenge('insufficient_scope'));
    return new HttpProblem('forbidden', detail);
  }

  /**
   * The delegation rule, on a route that accepts an assistant (checked before, with no OCI
   * traffic): passes only while BroadWorks lists the token's user as an opted-in assistant of the
   * path's executive. Returns the executive acted for; throws 403 otherwise.
   */
  async function delegated(
    input: ValidInput,
    res: Response,
    pending: PendingDelegation,
    requestId: string,
    trace: RunTrace,
    tally: DocumentTally | undefined,
  ): Promise<string> {
    const { tenant, user } = input.path;
    const allowed = await engine.assistantMayActFor(tenant, user, pending.assistantUserId, {
      requestId,
      trace,
      tally,
    });
    if (!allowed) throw notDelegable(res, "the token's user is not an opted-in assistant of this executive");
    return user;
  }

  /** Read-compare inside the write lock: 412 and nothing written when the state changed. */
  function precondition(
    op: CompiledOperation,
    req: Request,
    requestId: string,
    tally: DocumentTally | undefined,
  ): (() => Promise<void>) | undefined {
    if (!op.acceptsIfMatch) return undefined;
    const cond = parseIfMatch(req.headers['if-match']);
    if (!cond) return undefined;
    const reader = readerOf.get(op.openApiPath);
    return async () => {
      if (!reader) throw preconditionFailed();
      const current = await engine.run(reader, reader.validate({ params: req.params, query: {}, body: undefined }), {
        requestId,
        tally,
      });
      if (!ifMatchHolds(cond, etagOf(current.body))) throw preconditionFailed();
    };
  }

  function handler(op: CompiledOperation): RequestHandler {
    return async (req: Request, res: Response) => {
      const context = requestContextOf(res);
      const requestId = context?.requestId ?? randomUUID();
      const principal = res.locals[PRINCIPAL_LOCAL] as Principal | undefined;
      const pending = res.locals[DELEGATION_LOCAL] as PendingDelegation | undefined;
      const trace: RunTrace = { commandTypes: [], documents: 0, applied: false };
      let outcome: AuditOutcome = 'not-applied';
      let actingFor: string | undefined;
      let input: ValidInput | undefined;
      try {
        // An assistant token: refused on routes assistants may not call before anything else.
        if (pending && !op.mapping.assistantMayCall)
          throw notDelegable(res, 'an assistant may not call this resource for its executive');
        input = op.validate({ params: req.params, query: req.query, body: req.body });
        if (pending) actingFor = await delegated(input, res, pending, requestId, trace, context);
        const result = await engine.run(op, input, {
          requestId,
          tally: context,
          trace,
          precondition: precondition(op, req, requestId, context),
          // If-Match and Idempotency-Key promise more than one replica can keep alone.
          strict: req.headers['if-match'] !== undefined || res.locals[IDEMPOTENT_LOCAL] === true,
        });
        outcome = 'applied';
        // Serialized once, for the ETag and the answer alike (what res.json would send).
        const json = JSON.stringify(result.body);
        if (op.answersEtag) res.setHeader('ETag', etagOfJson(json));
        const location = op.location?.(input);
        if (location !== undefined) res.setHeader('Location', location);
        sendJson(req, res, result.status, json);
      } catch (err) {
        if (
          (err instanceof OciError && err.kind === 'outcome-unknown') ||
          (err instanceof ApiFailure && err.slug === 'outcome-unknown')
        )
          outcome = 'unknown';
        else outcome = trace.applied ? 'applied' : 'not-applied';
        throw err;
      } finally {
        // Who may act for these executives may have changed (even an unknown outcome may have applied).
        if (input && op.changesAssistantsOf && trace.documents > 0)
          engine.forgetDelegation(input.path.tenant, op.changesAssistantsOf(input));
        if (op.isWrite)
          auditWrite(auditLogger, {
            requestId,
            principal,
            method: req.method,
            path: req.originalUrl.split('?')[0],
            ociCommands: trace.commandTypes,
            outcome,
            actingFor,
          });
      }
    };
  }

  return { routes: router, otherApiPaths: [...deps.guard, refuseDelegation], undecodablePath };
}
