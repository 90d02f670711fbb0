import { serviceMappings } from '../../mappings';
import { buildOpenApi } from '../../src/http/openapi';
import { doNotDisturb } from '../fixtures-mappings/do-not-disturb';
import { call, startGateway, userBase, type Gateway } from '../helpers/gateway';

describe('a new resource from a mapping file alone (Do Not Disturb)', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway({ mappings: [...serviceMappings, doNotDisturb] });
  });
  afterAll(async () => gw.close());

  it('serves GET/PUT round trips over HTTP with XSD-valid documents (checked at the end of the run)', async () => {
    const base = userBase('acme-ent', 'acme-hq', 'plain1@acme.example.com') + 'services/do_not_disturb/';
    expect((await call(gw, 'GET', base)).json).toEqual({ active: true, ringSplash: true });
    const put = await call(gw, 'PUT', base, { body: { ringSplash: false } });
    expect(put.json).toEqual({ active: true, ringSplash: false });
    expect((await call(gw, 'GET', base)).json).toEqual({ active: true, ringSplash: false });
    expect(gw.sim.requestLog().some((e) => e.commandTypes[0] === 'UserDoNotDisturbModifyRequest')).toBe(true);
    expect((await call(gw, 'PUT', base, { body: { active: 'yes' } })).status).toBe(400);
  });

  it('appears in the OpenAPI document', () => {
    const doc = buildOpenApi([...serviceMappings, doNotDisturb]) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths)).toContain(
      '/api/v1/tenants/{tenant}/groups/{group}/users/{user}/services/do_not_disturb/',
    );
  });
});

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

  it('has the 15 operations (13 Executive, 2 Executive-Assistant), each with bearer JWT or the session cookie and problem+json errors', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(operations).toHaveLength(15);
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
