import { SignJWT } from 'jose';
import { serviceMappings } from '../../mappings';
import { buildOpenApi } from '../../src/http/openapi';

/** One operation of the published API, as its OpenAPI document (built from the mappings and the login routes) lists it. */
export interface RegisteredRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path template, e.g. /api/v1/tenants/{tenant}/…/criteria/{name}/ */
  template: string;
  /** A concrete path with the demo data's ids. */
  path: string;
  /** False for the open routes (login, refresh, logout). */
  authenticated: boolean;
  /** The JSON Schema of the body, when the operation takes one. */
  bodySchema?: unknown;
  /** Pointer into the OpenAPI document of that schema (for ajv). */
  bodySchemaPointer?: string;
  /** Whether the operation requires a body. */
  bodyRequired: boolean;
}

interface Operation {
  security?: unknown[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
}

const DEMO_IDS: Record<string, string> = {
  tenant: 'acme-ent',
  group: 'acme-hq',
  user: 'exec1@acme.example.com',
  name: 'VIP callers',
};

/** The OpenAPI document the gateway serves. */
export const OPENAPI = buildOpenApi(serviceMappings) as { paths: Record<string, Record<string, Operation>> };

/** Every operation of the API, from the gateway's own OpenAPI document (never a hand-kept list). */
export function registeredRoutes(): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  for (const [template, item] of Object.entries(OPENAPI.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'delete'].includes(method)) continue;
      const schema = op.requestBody?.content?.['application/json']?.schema;
      const escaped = template.replace(/~/g, '~0').replace(/\//g, '~1');
      routes.push({
        method: method.toUpperCase() as RegisteredRoute['method'],
        template,
        path: template.replace(/\{(\w+)\}/g, (_m, k: string) => encodeURIComponent(DEMO_IDS[k] ?? 'x')),
        authenticated: !(Array.isArray(op.security) && op.security.length === 0),
        bodySchema: schema,
        bodyRequired: op.requestBody?.required === true,
        bodySchemaPointer: schema
          ? `/paths/${escaped}/${method}/requestBody/content/application~1json/schema`
          : undefined,
      });
    }
  }
  return routes;
}

/** A system-level access token signed with `secret`, as the gateway's own login would issue. */
export function systemToken(secret: string, sub = 'property-test'): Promise<string> {
  return new SignJWT({ level: 'system', typ: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(new TextEncoder().encode(secret));
}
