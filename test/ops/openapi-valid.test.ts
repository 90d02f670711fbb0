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
});
