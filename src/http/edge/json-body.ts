import express, { type RequestHandler, type Response } from 'express';
import { jsonErrorPosition } from '../json-error-position';
import { codeUnits, jsonNestingDepth, MAX_JSON_DEPTH } from '../json-depth';
import { sendProblem } from '../problem';

const JSON_TYPES = ['application/json', 'application/*+json'];

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const len = headers['content-length'];
  return len !== undefined && len !== '0';
}

/** Thrown from body-parser's verify step; body-parser hands it to the callback below. */
class BodyTooDeep extends Error {
  readonly status = 400;
  readonly type = 'entity.too.deep';
  constructor(readonly depth: number) {
    super(`JSON body nested ${depth} levels deep`);
  }
}

/**
 * Refuses a body nested deeper than MAX_JSON_DEPTH. body-parser calls this with the whole body,
 * inflated and within the size limit, before JSON.parse: nothing has walked the body yet.
 */
function refuseDeepBodies(_req: unknown, _res: unknown, buf: Buffer, charset: string): void {
  let depth: number;
  if (charset === 'utf-8' || charset === 'utf8') depth = jsonNestingDepth(buf);
  else {
    let text: string;
    try {
      text = new TextDecoder(charset).decode(buf);
    } catch {
      throw Object.assign(new Error(`unsupported charset ${charset}`), { status: 415, type: 'charset.unsupported' });
    }
    depth = jsonNestingDepth(codeUnits(text));
  }
  if (depth > MAX_JSON_DEPTH) throw new BodyTooDeep(depth);
}

/**
 * Valid JSON that the strict parser refuses (null, a number, a string, a boolean): the body is
 * JSON, just not an object, and the answer says so.
 */
function notAnObject(res: Response, text: string): void {
  let got = 'a JSON scalar';
  try {
    const value = JSON.parse(text) as unknown;
    got = value === null ? 'null' : `a ${typeof value}`;
  } catch {
    // The scanner and V8 disagree on this text: keep the general wording.
  }
  const message = `the body must be a JSON object, not ${got}`;
  sendProblem(res, 'validation-error', { detail: message, extras: { errors: [{ pointer: '', message }] } });
}

/**
 * The one JSON body parser, for every route: up to `limitBytes` (larger → 413), a body that
 * is not JSON by its content type → 415, nested deeper than MAX_JSON_DEPTH → 400, unparsable
 * JSON → 400, JSON that is not an object or array → 400 saying so, all as problem+json.
 */
export function createJsonBody(limitBytes: number): RequestHandler {
  const parse = express.json({ limit: limitBytes, type: JSON_TYPES, strict: true, verify: refuseDeepBodies });
  return (req, res, next) => {
    // Most API requests (GET, DELETE) carry no body: nothing to parse, nothing to check.
    if (!hasBody(req.headers)) return next();
    if (!req.is(JSON_TYPES)) {
      sendProblem(res, 'unsupported-media-type', { detail: 'request bodies must be application/json' });
      return;
    }
    parse(req, res, (err?: unknown) => {
      // body-parser calls back from a stream event, outside express's reach: whatever goes wrong
      // here must reach the error handler, or it would end the process.
      try {
        if (!err) return next();
        refused(err);
      } catch (e) {
        next(e);
      }
    });

    function refused(err: unknown): void {
      const e = err as { status?: number; type?: string; body?: unknown; depth?: number };
      // Stop reading what is left of a refused body, but let the answer go out first.
      if (e.status === 413) {
        res.setHeader('Connection', 'close');
        return sendProblem(res, 'body-too-large', { detail: `request bodies are limited to ${limitBytes} bytes` });
      }
      if (e.status === 415) return sendProblem(res, 'unsupported-media-type', { detail: 'unsupported charset' });
      if (e.type === 'entity.too.deep') {
        return sendProblem(res, 'body-too-deep', {
          detail: `the body nests arrays and objects ${e.depth} levels deep; at most ${MAX_JSON_DEPTH} are accepted`,
          extras: { depth: e.depth, maxDepth: MAX_JSON_DEPTH },
        });
      }
      if (e.status === 400) {
        const text = typeof e.body === 'string' ? e.body : undefined;
        // Say where parsing stopped, so a client can find the slip (e.g. a trailing comma).
        const at = text === undefined ? undefined : jsonErrorPosition(text);
        if (text !== undefined && at === undefined) return notAnObject(res, text);
        return sendProblem(res, 'invalid-json', {
          detail: at
            ? `the body is not valid JSON: parsing stopped at line ${at.line}, column ${at.column} (${at.reason})`
            : 'the body is not valid JSON',
          extras: at ? { line: at.line, column: at.column } : undefined,
        });
      }
      next(err);
    }
  };
}
