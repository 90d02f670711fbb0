import { executiveMappings } from '../../../mappings/index';
import { buildOpenApi } from '../../../src/http/openapi';

/** A small OpenAPI document for the page-level docs tests. */
export const smallOpenApi = {
  openapi: '3.0.3',
  info: { title: 'Ops test API', version: '1.0.0' },
  paths: {
    '/api/v1/things/{id}/': {
      get: {
        operationId: 'getThing',
        summary: 'Get a thing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'OK' } },
      },
      put: {
        operationId: 'putThing',
        summary: 'Replace a thing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '204': { description: 'Done' } },
      },
    },
  },
};

/** The gateway's own document: the executive mappings, 13 operations. */
export function gatewayOpenApi(): { doc: object; expectedOperations: number } {
  return { doc: buildOpenApi(executiveMappings), expectedOperations: 13 };
}
