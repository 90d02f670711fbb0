import { serviceMappings } from '../../../mappings/index';
import { buildOpenApi } from '../../../src/http/openapi';

/** The gateway's own document: the mappings, 15 operations (13 Executive, 2 Executive-Assistant), login, refresh and logout. */
export function gatewayOpenApi(): { doc: object; expectedOperations: number } {
  return { doc: buildOpenApi(serviceMappings), expectedOperations: 18 };
}
