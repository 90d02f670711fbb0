import { serviceMappings } from '../../../mappings/index';
import { buildOpenApi } from '../../../src/http/openapi';
import { compileMappings } from '../../../src/mapping/compile';

/** The gateway's own document: every registered operation, login, refresh and logout. */
export function gatewayOpenApi(): { doc: object; expectedOperations: number } {
  return { doc: buildOpenApi(serviceMappings), expectedOperations: compileMappings(serviceMappings).length + 3 };
}
