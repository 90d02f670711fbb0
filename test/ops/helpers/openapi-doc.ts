import { executiveMappings } from '../../../mappings/index';
import { buildOpenApi } from '../../../src/http/openapi';

/** The gateway's own document: the executive mappings, 13 operations, login, refresh and logout. */
export function gatewayOpenApi(): { doc: object; expectedOperations: number } {
  return { doc: buildOpenApi(executiveMappings), expectedOperations: 16 };
}
