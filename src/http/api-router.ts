import { hash, randomUUID } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response } from 'express';
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
import { compose } from './compose';
import { ifMatchHolds, parseIfMatch, preconditionFailed } from './if-match';
import { methodNotAllowed } from './method-not-allowed';
import { DELEGATION_LOCAL, PRINCIPAL_LOCAL, type PendingDelegation, type Principal } from './principal';
import { HttpProblem } from './problem';
import { UserRouteTable } from './user-route-table';
import { ROUTE_TEMPLATE_LOCAL } from '../observability/route-template';

export interface ApiRouterDeps {
  executor: OciExecutor;
  mappings: ResourceMapping[];
  membershipCacheMs: number;
  /** pino-compatible; audit lines go here. */
  logger?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  /**
   * Where audit lines go (default: `logger`). app.ts passes a child without pino's redaction: the
   * line's fields are fixed in audit.ts and none can hold a credential, and redacting them was
   * about half the line's cost.
   */
  auditLogger?: AuditLogger;
  /** Idempotency-Key records (in-process or shared); default: in-process, 24 h. */
  idempotency?: IdempotencyRecords;
  /** Per-executive write lock (in-process or shared); default: in-process. */
  writeLock?: WriteLock;
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

/**
 * The REST routes of every mapping, compiled once here. The edge has parsed the JSON body and
 * auth has left res.locals.principal before this router; the request id is in its context (requestContextOf).
 */
export function createApiRouter(deps: ApiRouterDeps): RequestHandler {
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
  // Every route is an express route; the usual ones are also in the table, tried first (one lookup).
  const table = new UserRouteTable();
  for (const op of ops) {
    const chain = op.acceptsIdempotencyKey ? [idempotency, handler(op)] : [handler(op)];
    router[op.method](op.expressPath, ...chain);
    table.add(op.method, op.mapping.path.replace(/^\/+/, ''), op.expressPath, compose(...chain));
  }
  // A pending delegation on a path no route serves: refused like any other out-of-scope path.
  router.use('/api', (_req, res, next) => {
    if (res.locals[DELEGATION_LOCAL]) next(notDelegable(res));
    else next();
  });

  // A known path with a method none of its operations serves: 405 with Allow, not 404.
  const methodsOf = new Map<string, string[]>();
  for (const op of ops) methodsOf.set(op.expressPath, [...(methodsOf.get(op.expressPath) ?? []), op.method]);
  for (const [path, methods] of methodsOf) router.all(path, methodNotAllowed(methods));

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

  return (req, res, next) => {
    const hit = table.match(req.method, req.path);
    if (!hit) return router(req, res, next);
    req.params = hit.params;
    res.locals[ROUTE_TEMPLATE_LOCAL] = hit.template;
    return hit.handler(req, res, next);
  };
}
