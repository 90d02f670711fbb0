import { OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { compileMappings } from '../mapping/compile';
import type { ResourceMapping } from '../mapping/types';

const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z
    .array(z.object({ pointer: z.string().optional(), parameter: z.string().optional(), message: z.string() }))
    .optional(),
  ociError: z.object({ code: z.number().int().optional(), summary: z.string().optional() }).optional(),
});

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

/**
 * OpenAPI 3.1 for the mapped routes, from the same zod schemas the routes validate with,
 * with the APIO document's examples, bearer JWT on every operation and problem+json errors.
 */
export function buildOpenApi(mappings: ResourceMapping[]): object {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  for (const op of compileMappings(mappings)) {
    const m = op.mapping;
    const hasBody = m.body !== undefined;
    registry.registerPath({
      method: m.method,
      path: op.openApiPath,
      operationId: m.operationId,
      summary: m.summary,
      description: m.description,
      tags: [op.resource.tag],
      security: [{ [bearer.name]: [] }],
      request: {
        params: op.pathParams,
        query: m.query,
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
          content: {
            'application/json': {
              schema: m.response,
              ...(m.responseExample !== undefined ? { example: m.responseExample } : {}),
            },
          },
        },
        400: problem(
          'Invalid body or parameters (nothing sent to BroadWorks), or the change was refused by BroadWorks',
        ),
        401: problem('Missing or invalid bearer token'),
        403: problem('The token does not grant access to this user'),
        404: problem('User not found in this tenant/group, service not assigned, or criteria not found'),
        ...(hasBody ? { 415: problem('The body is not application/json') } : {}),
        502: problem('BroadWorks failed, or the outcome of a write is unknown (re-read before retrying)'),
        503: problem('BroadWorks unavailable; see Retry-After'),
        504: problem('BroadWorks did not answer in time'),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'OCI REST gateway: Executive API', version: '1.0.0' },
  });
}
