import { serviceMappings } from '../../mappings';
import { buildOpenApi } from '../../src/http/openapi';
import { compileMappings } from '../../src/mapping/compile';

interface Schema {
  properties?: Record<string, Schema>;
  $ref?: string;
}
interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<
    string,
    { headers?: Record<string, { $ref: string }>; content?: Record<string, { schema: Schema }> }
  >;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown>; schemas?: Record<string, Schema> };
}

/** The OpenAPI document tells an APIO portal's developer about the login alias, the answer and the cookie. */
describe('the OpenAPI document and APIO portals', () => {
  const doc = JSON.parse(JSON.stringify(buildOpenApi(serviceMappings))) as Doc;
  const resolve = (s: Schema): Schema => (s.$ref ? doc.components.schemas![s.$ref.split('/').pop()!] : s);

  test('declares the session cookie (apiKey in cookie "sessionid") beside bearer on every mapped operation', () => {
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'sessionid',
    });
    const ids = new Set(compileMappings(serviceMappings).map((op) => op.mapping.operationId));
    const ops = Object.values(doc.paths)
      .flatMap((p) => Object.values(p))
      .filter((op) => ids.has(op.operationId));
    expect(ops).toHaveLength(ids.size);
    for (const op of ops) expect(op.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
  });

  test('the login body has username beside userId; its answer has ids and profile and may set the cookie', () => {
    const login = doc.paths['/api/v1/login/'].post;
    const body = resolve(login.requestBody!.content['application/json'].schema);
    expect(Object.keys(body.properties!)).toEqual(expect.arrayContaining(['userId', 'username', 'password']));
    const answer = resolve(login.responses['200'].content!['application/json'].schema);
    expect(Object.keys(answer.properties!)).toEqual(expect.arrayContaining(['accessToken', 'ids', 'profile']));
    expect(Object.keys(resolve(answer.properties!.ids).properties!)).toEqual(['tenant_id', 'group_id', 'user_id']);
    expect(login.responses['200'].headers).toHaveProperty('Set-Cookie');
    expect(doc.paths['/api/v1/logout/'].post.requestBody!.required).toBe(false);
  });
});
