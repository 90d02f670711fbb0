import { boolOf, child, children, req, XNode } from '../request-document';

/** Applies one SearchCriteria* (mode, value, isCaseInsensitive) to a value. */
export function matches(criteria: XNode, actual: string | undefined): boolean {
  const mode = req(criteria, 'mode');
  const insensitive = boolOf(criteria, 'isCaseInsensitive') ?? true;
  let value = req(criteria, 'value');
  let a = actual ?? '';
  if (insensitive) {
    value = value.toLowerCase();
    a = a.toLowerCase();
  }
  if (mode === 'Starts With') return a.startsWith(value);
  if (mode === 'Contains') return a.includes(value);
  return a === value;
}

/** True when every criteria of that name matches (criteria are ANDed, as BroadWorks does). */
export function allMatch(node: XNode, name: string, actual: string | undefined): boolean {
  return children(node, name).every((c) => matches(c, actual));
}

/** responseSizeLimit, or Infinity. */
export function sizeLimit(node: XNode): number {
  const c = child(node, 'responseSizeLimit');
  return c ? Number(c.text) : Infinity;
}
