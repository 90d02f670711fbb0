import { OCI_CHILDREN, OCI_ELEMENTS, type OciCommandName, type OciElementOf } from './generated/oci-commands';
import type { ElementSpec } from './types';

/** What the builders read of the generated schema types: responses, elements and child elements by name. */

/** `UserXGetRequest` → `UserXGetResponse` (and `…Request21` → `…Response21`). */
export type ResponseOf<C extends string> = C extends `${infer B}Request${infer S}`
  ? `${B}Response${S}` extends OciCommandName
    ? `${B}Response${S}`
    : never
  : never;

/** The elements of a command's response (`UserXGetRequest` → those of `UserXGetResponse`). */
export type Readable<G extends OciCommandName> = OciElementOf<ResponseOf<G>>;

/** `UserXGetRequest17sp4` → `UserXGetResponse17sp4`, at run time. */
export function responseOf(request: string): OciCommandName {
  return request.replace(/Request(\w*)$/, 'Response$1') as OciCommandName;
}

/** The elements of a generated command in XSD order ([] when it is not generated). */
export const elementsOf = (command: string): readonly string[] =>
  (OCI_ELEMENTS as Readonly<Record<string, readonly string[] | undefined>>)[command] ?? [];

/** The child elements of element `el` of a generated command ([] when it has none). */
export const childrenOf = (command: string, el: string): readonly string[] =>
  (OCI_CHILDREN as Readonly<Record<string, Readonly<Record<string, readonly string[]>> | undefined>>)[command]?.[el] ??
  [];

/** Sorts element specs in the order given (the XSD sequence). */
export const byOrder =
  (order: readonly string[]) =>
  (a: ElementSpec, b: ElementSpec): number =>
    order.indexOf(a.el) - order.indexOf(b.el);
