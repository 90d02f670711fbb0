import { z } from 'zod';
import { isWriteCommand } from '../oci/command';
import { tableOf } from '../oci/document';
import { compileCommand, type CommandBuilder } from './build-commands';
import { compileOutput, type OutputBuilder } from './build-output';
import { checkSources } from './check-sources';
import { validationFailure, type FieldError } from './failure';
import { OCI_USER_SERVICES } from './generated/oci-commands';
import { xsd } from './schema-types';
import { compileSource, type Scope } from './scope';
import { getTransform } from './transforms';
import type { CommandSpec, HttpMethod, OperationMapping, ResourceMapping } from './types';
import { toFieldErrors } from './validate';
import { compileItemChecks, type ItemCheckRunner } from './write-checks';

/** Where every resource path starts. */
export const RESOURCE_PREFIX = '/api/v1/tenants/';
/** The REST prefix every user-level resource lives under, in OpenAPI form. */
export const USER_BASE = `${RESOURCE_PREFIX}{tenant}/groups/{group}/users/{user}/`;

export interface CompiledCommand {
  build: CommandBuilder;
  alias?: string;
  fanOut: boolean;
  write: boolean;
  type: string;
}

export interface ValidInput {
  path: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

/** An operation ready to serve: everything parsed and compiled once, at start-up. */
export interface CompiledOperation {
  resource: ResourceMapping;
  mapping: OperationMapping;
  method: HttpMethod;
  /** express 5 path, trailing slash optional. */
  expressPath: string;
  /** OpenAPI path, as documented (trailing slash included). */
  openApiPath: string;
  pathParams: z.ZodObject;
  isWrite: boolean;
  /** Honours Idempotency-Key: the first answer is replayed to a retry (POST, PUT). */
  acceptsIdempotencyKey: boolean;
  /** Honours If-Match against the ETag of the GET of the same path (PUT, DELETE). */
  acceptsIfMatch: boolean;
  /** Answers an ETag: a GET, or a PUT whose answer is the GET representation of its path (compileMappings). */
  answersEtag: boolean;
  /** The `Location` of the item a write created (OperationMapping.location); undefined when a parameter is missing. */
  location?: (input: ValidInput) => string | undefined;
  /** The BroadWorks service the membership document checks (ResourceMapping.service). */
  service?: string;
  validate(raw: { params: unknown; query: unknown; body: unknown }): ValidInput;
  initScope(input: ValidInput): Scope;
  documents: CompiledCommand[][];
  verify?: CompiledCommand;
  /** undefined when the table was not read, else whether the row exists. */
  exists?: (scope: Scope) => boolean | undefined;
  existsWhat?: string;
  /** The executives whose delegation answers this write may change (ResourceMapping `changesAssistantsOf`). */
  changesAssistantsOf?: (input: ValidInput) => string[];
  /** Read-first checks of a write: the read document, then the item rules. */
  checks?: { read: CompiledCommand[]; items: ItemCheckRunner };
  output: OutputBuilder;
}

function compileCommandSpec(spec: CommandSpec): CompiledCommand {
  return {
    build: compileCommand(spec),
    alias: spec.as,
    fanOut: !!spec.forEach,
    write: isWriteCommand(spec.type),
    type: spec.type,
  };
}

const BASE_PARAMS = { tenant: xsd.serviceProviderId(), group: xsd.groupId(), user: xsd.userId() };

interface CompiledVar {
  name: string;
  from: (scope: Scope) => unknown;
  dflt: unknown;
}

/**
 * The Location builder of a creating write: the documented path with tenant, group and user from
 * the request path and the other parameters from the mapping's sources (vars as the request
 * gave them, before any OCI transform), each %-encoded.
 */
function compileLocation(
  loc: NonNullable<OperationMapping['location']>,
  vars: readonly CompiledVar[],
): (input: ValidInput) => string | undefined {
  const template = USER_BASE + loc.path.replace(/^\/+/, '');
  const named = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const sources = new Map(Object.entries(loc.params).map(([name, from]) => [name, compileSource(from)]));
  for (const name of named)
    if (!(name in BASE_PARAMS) && !sources.has(name)) throw new Error(`location ${loc.path}: no source for {${name}}`);
  for (const name of sources.keys())
    if (!named.includes(name)) throw new Error(`location ${loc.path}: {${name}} is not in the path`);
  return (input) => {
    const scope: Scope = { path: input.path, query: input.query, body: input.body, var: {}, results: {} };
    for (const v of vars) {
      const value = v.from(scope);
      scope.var[v.name] = value === undefined ? v.dflt : value;
    }
    let missing = false;
    const href = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const value = sources.has(name) ? sources.get(name)!(scope) : input.path[name];
      if (value === undefined || value === null || value === '') missing = true;
      return encodeURIComponent(String(value));
    });
    return missing ? undefined : href;
  };
}

/** Compiles one operation of a resource. Throws on a mapping mistake (unknown transform, bad source…). */
export function compileOperation(resource: ResourceMapping, op: OperationMapping): CompiledOperation {
  const rel = op.path.replace(/^\/+/, '');
  const openApiPath = USER_BASE + rel;
  const expressRel = rel.replace(/\/+$/, '').replace(/\{(\w+)\}/g, ':$1');
  const expressPath = `${RESOURCE_PREFIX}:tenant/groups/:group/users/:user/${expressRel}{/}`;
  const pathParams = z.strictObject({ ...BASE_PARAMS, ...(op.params?.shape ?? {}) });
  const query = op.query ?? z.object({});
  const body = op.body;
  checkSources(op, { params: pathParams, query, body });

  const vars = Object.entries(op.vars ?? {}).map(([name, v]) => {
    const from = compileSource(v.from);
    const toOci = v.transform ? getTransform(v.transform).toOci : undefined;
    return { name, from, toOci, dflt: v.default };
  });

  let exists: CompiledOperation['exists'];
  if (op.exists) {
    const [alias, table] = op.exists.rows.split('.');
    const equals = compileSource(op.exists.equals);
    const column = op.exists.column;
    exists = (scope) => {
      const r = scope.results[alias];
      if (!r || Array.isArray(r)) return undefined;
      const wanted = equals(scope);
      return tableOf(r, table).rows.some((row) => row[column] === wanted);
    };
  }

  const assistantsOf = op.changesAssistantsOf ? compileSource(op.changesAssistantsOf) : undefined;
  const location = op.location ? compileLocation(op.location, vars) : undefined;

  return {
    resource,
    mapping: op,
    method: op.method,
    expressPath,
    openApiPath,
    pathParams,
    isWrite: op.method !== 'get',
    acceptsIdempotencyKey: op.method === 'post' || op.method === 'put',
    acceptsIfMatch: op.method === 'put' || op.method === 'delete',
    answersEtag: op.method === 'get',
    location,
    service: resource.service,
    validate(raw) {
      const errors: FieldError[] = [];
      const p = pathParams.safeParse(raw.params);
      if (!p.success) errors.push(...toFieldErrors(p.error.issues, 'parameter'));
      const q = query.safeParse(raw.query ?? {});
      if (!q.success) errors.push(...toFieldErrors(q.error.issues, 'parameter'));
      let parsedBody: unknown;
      const bodyAbsent = raw.body === undefined;
      if (!body) {
        if (!bodyAbsent && !(typeof raw.body === 'object' && raw.body !== null && Object.keys(raw.body).length === 0)) {
          errors.push({ pointer: '', message: 'this operation takes no request body' });
        }
      } else if (bodyAbsent && op.bodyOptional) {
        parsedBody = undefined;
      } else {
        const b = body.safeParse(bodyAbsent ? undefined : raw.body);
        if (b.success) parsedBody = b.data;
        else errors.push(...toFieldErrors(b.error.issues, 'body'));
      }
      if (errors.length > 0) throw validationFailure(errors);
      return { path: p.data as Record<string, string>, query: q.data as Record<string, unknown>, body: parsedBody };
    },
    initScope(input) {
      const scope: Scope = { path: input.path, query: input.query, body: input.body, var: {}, results: {} };
      for (const v of vars) {
        const value = v.from(scope);
        scope.var[v.name] = value === undefined ? v.dflt : v.toOci ? v.toOci(value) : value;
      }
      return scope;
    },
    documents: op.documents.map((d) => d.map(compileCommandSpec)),
    verify: op.verify ? compileCommandSpec(op.verify) : undefined,
    exists,
    existsWhat: op.exists?.what,
    changesAssistantsOf: assistantsOf
      ? (input) => {
          const v = assistantsOf({ path: input.path, query: input.query, body: input.body, var: {}, results: {} });
          const list = Array.isArray(v) ? (v as unknown[]) : v === undefined || v === null ? [] : [v];
          return list.map((x) =>
            typeof x === 'object' && x !== null ? String((x as { userId?: unknown }).userId) : String(x),
          );
        }
      : undefined,
    checks: op.checks
      ? { read: op.checks.read.map(compileCommandSpec), items: compileItemChecks(op.checks.items) }
      : undefined,
    output: compileOutput(op.output),
  };
}

/** Compiles every operation of every mapping; refuses two operations on the same method and path. */
export function compileMappings(mappings: readonly ResourceMapping[]): CompiledOperation[] {
  const seen = new Set<string>();
  const out: CompiledOperation[] = [];
  for (const m of mappings) {
    // The check the types make (OciUserService), for mappings built where the type checker did not look.
    if (m.service !== undefined && !(OCI_USER_SERVICES as readonly string[]).includes(m.service))
      throw new Error(`${m.name}: service "${m.service}" is not a value of the schema's UserService enumeration`);
    for (const op of m.operations) {
      const c = compileOperation(m, op);
      const key = `${c.method} ${c.openApiPath.replace(/\/+$/, '')}`;
      if (seen.has(key)) throw new Error(`two mappings declare ${key}`);
      seen.add(key);
      out.push(c);
    }
  }
  const read = new Set(out.filter((c) => c.method === 'get').map((c) => c.openApiPath));
  for (const c of out) {
    // A PUT answers the re-read state: the GET representation of its path, hence the same ETag.
    if (c.method === 'put' && read.has(c.openApiPath)) c.answersEtag = true;
    const loc = c.mapping.location;
    if (loc && !read.has(USER_BASE + loc.path.replace(/^\/+/, '')))
      throw new Error(`${c.mapping.operationId}: location ${loc.path} is not a path a GET serves`);
  }
  return out;
}
