import { Validator } from '@seriousme/openapi-schema-validator';
import { serviceMappings } from '../../mappings';
import { buildOpenApi } from '../../src/http/openapi';
import { compileMappings } from '../../src/mapping/compile';

describe('the OpenAPI document', () => {
  test('validates against the OpenAPI 3.1 schema and describes every registered operation and login, refresh, logout', async () => {
    const doc = buildOpenApi(serviceMappings) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1\./);
    const operations = Object.values(doc.paths).flatMap((p) =>
      Object.keys(p).filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m)),
    );
    expect(operations).toHaveLength(compileMappings(serviceMappings).length + 3);
  });

  test('the validator does refuse a broken document (the check can fail)', async () => {
    const doc = JSON.parse(JSON.stringify(buildOpenApi(serviceMappings))) as {
      paths: Record<string, Record<string, { responses?: unknown }>>;
    };
    const first = Object.values(doc.paths)[0];
    Object.values(first)[0].responses = 'not an object';
    const result = await new Validator().validate(doc);
    expect(result.valid).toBe(false);
  });

  type Responses = Record<string, { headers?: Record<string, { $ref?: string }> }>;
  type Doc = {
    servers: { url: string }[];
    paths: Record<string, Record<string, { operationId: string; responses: Responses }>>;
    components: { headers: Record<string, { schema: unknown }> };
  };
  const operations = (doc: Doc) => Object.values(doc.paths).flatMap((item) => Object.values(item));

  test('servers is PUBLIC_URL when given, else "/"', () => {
    expect((buildOpenApi(serviceMappings) as Doc).servers).toEqual([{ url: '/' }]);
    const doc = buildOpenApi(serviceMappings, { publicUrl: 'https://api.example.com' }) as Doc;
    expect(doc.servers).toEqual([{ url: 'https://api.example.com' }]);
  });

  test('the response headers follow the registry: ETag, Location and Idempotent-Replayed where the router sends them, Retry-After on every 429 and 503', () => {
    const doc = buildOpenApi(serviceMappings) as Doc;
    const byId = new Map(operations(doc).map((op) => [op.operationId, op]));
    const names = (r: Responses, status: string) => Object.keys(r[status]?.headers ?? {}).sort();
    for (const c of compileMappings(serviceMappings)) {
      const expected = [
        ...(c.answersEtag ? ['ETag'] : []),
        ...(c.acceptsIdempotencyKey ? ['Idempotent-Replayed'] : []),
        ...(c.location ? ['Location'] : []),
      ].sort();
      const responses = byId.get(c.mapping.operationId)!.responses;
      expect([c.mapping.operationId, names(responses, '200')]).toEqual([c.mapping.operationId, expected]);
    }
    // Every GET answers an ETag, the criteria POST a Location.
    expect(compileMappings(serviceMappings).filter((c) => c.method === 'get' && !c.answersEtag)).toEqual([]);
    expect(
      compileMappings(serviceMappings)
        .filter((c) => c.location)
        .map((c) => c.mapping.operationId),
    ).toEqual(['createExecutiveCriteria']);
    for (const op of operations(doc))
      for (const status of ['429', '503'])
        if (op.responses[status])
          expect([op.operationId, status, names(op.responses, status)]).toContainEqual(['Retry-After']);
    // Each reference resolves.
    for (const op of operations(doc))
      for (const r of Object.values(op.responses))
        for (const h of Object.values(r.headers ?? {}))
          expect(doc.components.headers[h.$ref!.split('/').pop()!]).toBeDefined();
  });

  test('the description counts the login routes that need no token', () => {
    const doc = buildOpenApi(serviceMappings) as Doc & { info: { description: string } };
    const open = operations(doc).filter((op) => (op as { security?: unknown[] }).security?.length === 0);
    expect(open).toHaveLength(3);
    expect(doc.info.description).toContain('but the three login routes (login, refresh, logout)');
  });
});
