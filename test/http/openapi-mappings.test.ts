import { serviceMappings } from '../../mappings';
import { buildOpenApi } from '../../src/http/openapi';
import { compileMappings } from '../../src/mapping/compile';

describe('OpenAPI from the mappings', () => {
  const doc = buildOpenApi(serviceMappings) as {
    openapi: string;
    paths: Record<
      string,
      Record<
        string,
        {
          security: unknown[];
          responses: Record<string, { content: Record<string, unknown> }>;
          requestBody?: {
            content: Record<
              string,
              { example?: unknown; schema: { properties?: Record<string, { maximum?: number }> } }
            >;
          };
        }
      >
    >;
    components: { securitySchemes: Record<string, { scheme: string }> };
  };
  // The mapped operations (the two login routes are open and answer no 404).
  const operations = Object.entries(doc.paths)
    .filter(([path]) => path.includes('/services/'))
    .flatMap(([, p]) => Object.values(p));

  it('has every registered operation, each with bearer JWT or the session cookie and problem+json errors', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(operations).toHaveLength(compileMappings(serviceMappings).length);
    expect(doc.components.securitySchemes.bearerAuth.scheme).toBe('bearer');
    for (const op of operations) {
      expect(op.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
      expect(Object.keys(op.responses['404'].content)).toEqual(['application/problem+json']);
    }
  });

  it('uses the validating schemas (XSD ranges) and the document examples', () => {
    const put = doc.paths['/api/v1/tenants/{tenant}/groups/{group}/users/{user}/services/executive/alerting/'].put;
    const json = put.requestBody!.content['application/json'];
    expect(json.schema.properties!.rolloverWaitTime).toBeDefined();
    expect(JSON.stringify(json.schema)).toContain('7200');
    expect(json.example).toMatchObject({ rolloverWaitTime: 30 });
  });
});
