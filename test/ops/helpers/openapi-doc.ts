import { serviceMappings } from '../../../mappings/index';
import { buildOpenApi } from '../../../src/http/openapi';

/** The gateway's own document: the executive mappings, 13 operations, login, refresh and logout. */
export function gatewayOpenApi(): { doc: object; expectedOperations: number } {
  return { doc: buildOpenApi(serviceMappings), expectedOperations: 16 };
}
