import { OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { compileMappings, type CompiledOperation } from '../mapping/compile';
import type { ResourceMapping } from '../mapping/types';
import {
  loginAnswer,
  loginAnswerExample,
  loginBody,
  loginExample,
  refreshBody,
  refreshExample,
  tokenPair,
  tokenPairExample,
} from './auth/login-schemas';

/** Path parameters pre-filled on /docs: the demo executive of fixtures/demo-data.json and one of its criteria. */
const PARAMETER_EXAMPLES: Readonly<Record<string, string>> = {
  tenant: 'acme-ent',
  group: 'acme-hq',
  user: 'exec1@acme.example.com',
  name: 'VIP callers',
};

const DESCRIPTION = [
  'The Executive service of Cisco BroadWorks as JSON, translated to OCI-P.',
  '',
  'Every `/api` route but the three login routes (login, refresh, logout) needs `Authorization: Bearer <token>` (or the session cookie, below). To get a token:',
  '- `npm start` (demo mode, on the built-in simulator) prints a system token and an end-user token for',
  '  `exec1@acme.example.com`; paste one into **Authorize**;',
  '- or `POST /api/v1/login/` with a BroadWorks user id and password (demo: `exec1@acme.example.com` /',
  '  `exec1-password`, or `admin` / `admin-password`) and use the `accessToken` of the answer;',
  '  `POST /api/v1/login/refresh/` gives a new pair before the refresh token expires.',
  '',
  'Portals written against APIO log in with `{"username", "password"}` instead: the answer also sets the `sessionid` cookie, which every `/api` route accepts when no Authorization header is sent (same-site portals only; see docs/auth.md).',
  '',
  'Errors are RFC 9457 `application/problem+json` with a stable `type`; every one also carries `errors`, whose',
  '`errors[0].message` is what a portal written for Netaxis APIO reads (docs/api-notes.md).',
].join('\n');

let version: string | undefined;

/** The gateway's version: package.json, found above this file (src/http in tests, dist/src/http built). */
export function packageVersion(): string {
  if (version) return version;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
  version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** BroadWorks' error in APIO's names: `error_code` exactly when `ociError.code` is answered, `summary` likewise. */
const apioDetails = z
  .object({
    errors: z
      .array(
        z.object({
          error_code: z.number().int().optional(),
          summary: z.string().optional(),
          detail: z.string().optional(),
        }),
      )
      .min(1)
      .max(1),
  })
  .describe("BroadWorks' error as `ociError` shows it, in APIO's names (`error_code`, `summary`, `detail`)");

/** Every problem body the gateway answers (test/contract/apio-errors.test.ts holds each one to it). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  errors: z
    .array(
      z.object({
        pointer: z.string().optional().describe('JSON pointer into the request body'),
        parameter: z.string().optional().describe('path or query parameter'),
        message: z.string(),
        details: apioDetails.optional(),
      }),
    )
    .min(1)
    .describe(
      "Always present (APIO's envelope: read `errors[0].message`): the fields at fault, else one item carrying `detail`; the first item has `details` when BroadWorks gave the error",
    ),
  ociError: z
    .object({ code: z.number().int().optional(), summary: z.string().optional(), detail: z.string().optional() })
    .optional()
    .describe("BroadWorks' error: the summary and detail for system callers only"),
  line: z.number().int().optional().describe('`invalid-json`: the line where parsing stopped'),
  column: z.number().int().optional().describe('`invalid-json`: the column where parsing stopped'),
  depth: z.number().int().optional().describe('`body-too-deep`: how deep the body nests'),
  maxDepth: z.number().int().optional().describe('`body-too-deep`: the deepest nesting accepted'),
});

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

const json = (description: string, schema: z.ZodType, example: unknown) => ({
  description,
  content: { 'application/json': { schema, example } },
});

/** The response headers the gateway sends, declared once as components and referenced where sent. */
const RESPONSE_HEADERS = {
  ETag: {
    description: 'Strong validator of the answer: send it back as `If-Match` to write only if nothing changed since',
    schema: { type: 'string' as const },
  },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer of an earlier request with the same Idempotency-Key',
    schema: { type: 'string' as const, enum: ['true'] },
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying',
    schema: { type: 'integer' as const, minimum: 1 },
  },
  Location: {
    description: 'The path of the created item (the GET that reads it)',
    schema: { type: 'string' as const },
  },
  'Set-Cookie': {
    description:
      'Login with `username`: `sessionid=<id>; Path=/; HttpOnly; SameSite=Lax` (+ `Secure` over HTTPS). Logout, a login carrying an old cookie, or a dead session cookie: `sessionid=; Max-Age=0` drops it',
    schema: { type: 'string' as const },
  },
};
type ResponseHeader = keyof typeof RESPONSE_HEADERS;

/** `headers` of a response object: references to the components above. */
function headersOf(names: readonly ResponseHeader[]): { headers?: Record<string, { $ref: string }> } {
  if (names.length === 0) return {};
  return { headers: Object.fromEntries(names.map((n) => [n, { $ref: `#/components/headers/${n}` }])) };
}

const retryable = (description: string) => ({ ...problem(description), ...headersOf(['Retry-After']) });

/** POST /api/v1/login/, /api/v1/login/refresh/ and /api/v1/logout/, from the schemas the routes validate with. */
function registerLoginRoutes(registry: OpenAPIRegistry): void {
  const common = {
    tags: ['Authentication'],
    security: [],
  };
  registry.registerPath({
    ...common,
    method: 'post',
    path: '/api/v1/login/',
    operationId: 'login',
    summary: 'Log in with a BroadWorks user id and password',
    description:
      'BroadWorks checks the password; the token carries the level and scope of that login (system, reseller, tenant, group or user). Failed logins are counted per account and per client address (429 `login-locked` past the limit).',
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: loginBody,
            example: loginExample,
          },
        },
      },
    },
    responses: {
      200: {
        ...json(
          "An access and a refresh token, with APIO's ids and profile; with `username`, also the `sessionid` cookie",
          loginAnswer,
          loginAnswerExample,
        ),
        ...headersOf(['Set-Cookie']),
      },
      400: problem(
        '`validation-error`: the body is not a valid login, or has both userId and username (nothing sent to BroadWorks)',
      ),
      401: problem('`unauthorized`: wrong user id or password'),
      403: problem(
        "`forbidden`: a login type this gateway does not serve; `csrf-rejected`: a `username` login (or one carrying a `sessionid` cookie) from an origin neither the gateway's own nor listed in CORS_ORIGINS",
      ),
      415: problem('The body is not application/json'),
      429: retryable('`login-locked`: too many failed logins; see Retry-After'),
      501: problem('`login-not-available`: this gateway verifies tokens from an identity provider and signs none'),
      502: problem('`bad-backend-reply`: BroadWorks answered the login in an unexpected way'),
      503: retryable(
        '`backend-unavailable`: BroadWorks cannot be reached to verify the login; `coordination-unavailable`: a `username` login while the session store (Redis) is unreachable (nothing sent to BroadWorks); see Retry-After',
      ),
    },
  });
  registry.registerPath({
    ...common,
    method: 'post',
    path: '/api/v1/login/refresh/',
    operationId: 'refreshLogin',
    summary: 'A new token pair from a refresh token',
    description: 'The new refresh token keeps the expiry of the old one: refreshing never extends a session.',
    request: {
      body: { required: true, content: { 'application/json': { schema: refreshBody, example: refreshExample } } },
    },
    responses: {
      200: json('An access and a refresh token', tokenPair, tokenPairExample),
      400: problem('`validation-error`: no refresh token in the body'),
      401: problem('`unauthorized`: the refresh token is invalid or expired, or its login was logged out'),
      415: problem('The body is not application/json'),
      501: problem('`login-not-available`: this gateway verifies tokens from an identity provider and signs none'),
      503: retryable(
        '`coordination-unavailable`: the shared store (Redis) cannot tell whether this login was logged out; no tokens issued; see Retry-After',
      ),
    },
  });
  registry.registerPath({
    ...common,
    method: 'post',
    path: '/api/v1/logout/',
    operationId: 'logout',
    summary: 'End a login: its refresh tokens and its session cookie can no longer be used',
    description:
      'By the refresh token in the body, or by the `sessionid` cookie alone: either ends both, on every replica with Redis. The answer drops the cookie (`Set-Cookie: sessionid=; Max-Age=0`).',
    request: {
      body: { required: false, content: { 'application/json': { schema: refreshBody, example: refreshExample } } },
    },
    responses: {
      204: { description: 'Logged out', ...headersOf(['Set-Cookie']) },
      400: problem('`validation-error`: no refresh token in the body and no session cookie'),
      401: problem('`unauthorized`: the refresh token is invalid or expired, or the cookie names no live session'),
      403: problem(
        "`csrf-rejected`: a logout by cookie from an origin neither the gateway's own nor listed in CORS_ORIGINS",
      ),
      415: problem('The body is not application/json'),
      501: problem('`login-not-available`: this gateway verifies tokens from an identity provider and signs none'),
      503: retryable(
        '`coordination-unavailable`: the shared store (Redis) cannot record the logout now; see Retry-After',
      ),
    },
  });
}

/** If-Match and Idempotency-Key where the router honours them (CompiledOperation). */
function writeHeaders(op: CompiledOperation): z.ZodObject | undefined {
  const ifMatch = z
    .string()
    .optional()
    .describe('An ETag of an earlier GET of this path (or `*`): 412 and nothing written when the state changed');
  const key = z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe(
      'Makes a retry safe: the same key with the same body replays the first answer (Idempotent-Replayed: true)',
    );
  if (!op.acceptsIfMatch && !op.acceptsIdempotencyKey) return undefined;
  return z.object({
    ...(op.acceptsIfMatch ? { 'If-Match': ifMatch } : {}),
    ...(op.acceptsIdempotencyKey ? { 'Idempotency-Key': key } : {}),
  });
}

/**
 * Pre-fills the path parameters /docs shows with the demo executive, or with what a mapping
 * declares for its resource (`parameterExamples`, by operationId).
 */
function addParameterExamples(
  doc: { paths?: Record<string, Record<string, { operationId?: string; parameters?: unknown[] }>> },
  overrides: ReadonlyMap<string, Readonly<Record<string, string>>>,
): void {
  for (const item of Object.values(doc.paths ?? {}))
    for (const op of Object.values(item)) {
      const examples = { ...PARAMETER_EXAMPLES, ...overrides.get(op.operationId ?? '') };
      for (const p of (op.parameters ?? []) as { in: string; name: string; example?: string }[])
        if (p.in === 'path' && examples[p.name] !== undefined) p.example = examples[p.name];
    }
}

/** The headers of a successful answer, as the API router sends them (ETag, Location, replays). */
function successHeaders(op: CompiledOperation): ResponseHeader[] {
  return [
    ...(op.answersEtag ? (['ETag'] as const) : []),
    ...(op.location ? (['Location'] as const) : []),
    ...(op.acceptsIdempotencyKey ? (['Idempotent-Replayed'] as const) : []),
  ];
}

/** Said on every route an assistant may call for its executive (`x-delegated-assistant: true`). */
const DELEGATION_NOTE =
  "**Delegated assistant:** besides the tokens that reach this user, a user-level token of one of the executive's assistants in the same tenant is accepted, when the executive's assistant table lists it as opted in (every listed assistant counts as opted in when the executive does not allow opt-in/out). The audit line then carries `actingFor`.";

export interface OpenApiOptions {
  /** PUBLIC_URL: the document's one server; absent, `/` (the origin it was fetched from). Never a request header. */
  publicUrl?: string;
}

/**
 * OpenAPI 3.1 for the mapped routes and the login routes, from the same zod schemas the routes
 * validate with, with examples that run against the demo data, bearer JWT on every /api
 * operation but login, and problem+json errors.
 */
export function buildOpenApi(mappings: ResourceMapping[], opts: OpenApiOptions = {}): object {
  const registry = new OpenAPIRegistry();
  for (const [name, header] of Object.entries(RESPONSE_HEADERS)) registry.registerComponent('headers', name, header);
  const bearer = registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const cookie = registry.registerComponent('securitySchemes', 'cookieAuth', {
    type: 'apiKey',
    in: 'cookie',
    name: 'sessionid',
    description:
      "The session of a login with `username` (APIO's flow), used when no Authorization header is sent. Writes are refused (403 `csrf-rejected`) from origins other than the gateway's own or those listed in CORS_ORIGINS.",
  });
  const compiled = compileMappings(mappings);
  for (const op of compiled) {
    const m = op.mapping;
    const hasBody = m.body !== undefined;
    const delegable = m.assistantMayCall === true;
    // A final answer (2xx or 4xx) after the Idempotency-Key check is what a retry gets replayed.
    const replayed = headersOf(op.acceptsIdempotencyKey ? ['Idempotent-Replayed'] : []);
    registry.registerPath({
      method: m.method,
      path: op.openApiPath,
      operationId: m.operationId,
      summary: m.summary,
      description: delegable ? [m.description, DELEGATION_NOTE].filter(Boolean).join('\n\n') : m.description,
      ...(delegable ? { 'x-delegated-assistant': true } : {}),
      tags: [op.resource.tag],
      security: [{ [bearer.name]: [] }, { [cookie.name]: [] }],
      request: {
        params: op.pathParams,
        query: m.query,
        headers: writeHeaders(op),
        body: hasBody
          ? {
              required: !m.bodyOptional,
              content: {
                'application/json': {
                  schema: m.body!,
                  ...(m.requestExample !== undefined ? { example: m.requestExample } : {}),
                },
              },
            }
          : undefined,
      },
      responses: {
        200: {
          description: 'OK',
          ...headersOf(successHeaders(op)),
          content: {
            'application/json': {
              schema: m.response,
              ...(m.responseExample !== undefined ? { example: m.responseExample } : {}),
            },
          },
        },
        400: {
          ...problem(
            'Invalid body or parameters (nothing sent to BroadWorks), or the change was refused by BroadWorks',
          ),
          ...replayed,
        },
        401: problem(
          'Missing or invalid bearer token, or a session cookie of an ended or unknown session (the answer drops it)',
        ),
        403: problem(
          delegable
            ? 'The token does not grant access to this user, and its user is not an opted-in assistant of this executive in the same tenant'
            : 'The token does not grant access to this user',
        ),
        404: {
          ...problem('User not found in this tenant/group, service not assigned, or criteria not found'),
          ...replayed,
        },
        ...(op.acceptsIfMatch
          ? {
              412: {
                ...problem('`precondition-failed`: If-Match does not match the current state; nothing written'),
                ...replayed,
              },
            }
          : {}),
        ...(op.acceptsIdempotencyKey
          ? {
              409: retryable(
                '`idempotency-key-in-flight`: the first request with this Idempotency-Key is still running; see Retry-After',
              ),
              422: problem('`idempotency-key-reused`: this Idempotency-Key was used with another body'),
            }
          : {}),
        ...(hasBody ? { 415: problem('The body is not application/json') } : {}),
        429: retryable('`rate-limited`: too many requests for this token; see Retry-After'),
        502: problem('BroadWorks failed, or the outcome of a write is unknown (re-read before retrying)'),
        503: retryable(
          'BroadWorks unavailable, busy, or the shared store unreachable; nothing was sent; see Retry-After',
        ),
        504: problem('BroadWorks did not answer in time'),
      },
    });
  }
  registerLoginRoutes(registry);
  const doc = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'OCI REST gateway: Executive API', version: packageVersion(), description: DESCRIPTION },
    servers: [{ url: opts.publicUrl ?? '/' }],
  });
  const overrides = new Map(
    compiled.flatMap((op) =>
      op.resource.parameterExamples ? [[op.mapping.operationId, op.resource.parameterExamples] as const] : [],
    ),
  );
  addParameterExamples(doc as Parameters<typeof addParameterExamples>[0], overrides);
  return doc;
}
